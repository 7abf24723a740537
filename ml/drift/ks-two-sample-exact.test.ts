import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ksTwoSampleExactPValue } from './ks-two-sample-exact';

test('disjoint samples: only the two extreme paths reach D = 1, so p = 2 / C(n₁ + n₂, n₁)', () => {
  // n₁ = 3, n₂ = 4, gap = n₁n₂: p = 2 / C(7, 3) = 2/35.
  assert.ok(Math.abs(ksTwoSampleExactPValue(3, 4, 12)! - 2 / 35) < 1e-15);
  // n₁ = n₂ = 5 takes the other algorithm: p = 2 / C(10, 5) = 2/252.
  assert.ok(Math.abs(ksTwoSampleExactPValue(5, 5, 25)! - 2 / 252) < 1e-15);
});

test('D = 0 has p = 1, and D at one step is certain', () => {
  assert.equal(ksTwoSampleExactPValue(4, 6, 0), 1);
  // Any two samples differ by at least 1/max(n₁, n₂) somewhere: P(D ≥ 1/6) = 1 for n₁ = 4, n₂ = 6 (gap = 4).
  assert.ok(Math.abs(ksTwoSampleExactPValue(4, 6, 4)! - 1) < 1e-15);
});

test('counts paths independently of the order of the samples', () => {
  assert.equal(ksTwoSampleExactPValue(7, 12, 36), ksTwoSampleExactPValue(12, 7, 36));
});

test('a gap that is not a multiple of gcd(n₁, n₂) is not a KS statistic', () => {
  assert.throws(() => ksTwoSampleExactPValue(4, 6, 3), RangeError);
});
