import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitStandardizer, standardize } from './standardizer';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≉ ${expected}`);

test('uses the mean and the reciprocal population standard deviation', () => {
  // Columns: 1,2,3 (std √(2/3)); 10,20,30 (std √(200/3)); constant 5.
  const x = Float64Array.from([1, 10, 5, 2, 20, 5, 3, 30, 5]);
  const s = fitStandardizer(x, 3, 3);
  assert.deepEqual([...s.mean], [2, 20, 5]);
  close(s.scale[0], 1.224744871391589);
  close(s.scale[1], 0.1224744871391589);
  assert.equal(s.scale[2], 1);

  const z = standardize(x, 3, 3, s);
  const expected = [-1.224744871391589, -1.224744871391589, 0, 0, 0, 0, 1.224744871391589, 1.224744871391589, 0];
  expected.forEach((value, k) => close(z[k], value));
});

test('treats a constant column as constant even when its mean rounds', () => {
  // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so the mean is not exactly 0.1.
  const x = Float64Array.from([0.1, 0.1, 0.1]);
  const s = fitStandardizer(x, 3, 1);
  assert.equal(s.scale[0], 1);
  for (const value of standardize(x, 3, 1, s)) close(value, 0, 1e-15);
});

test('rejects mismatched shapes', () => {
  assert.throws(() => fitStandardizer(new Float64Array(5), 2, 3), RangeError);
  const s = fitStandardizer(new Float64Array([1, 2]), 1, 2);
  assert.throws(() => standardize(new Float64Array(3), 1, 3, s), RangeError);
});
