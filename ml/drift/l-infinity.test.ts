import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VALUE_TOLERANCE, assertClose, scipyValues } from './fixtures/scipy-fixtures';
import { lInfinityDistance } from './l-infinity';

test('matches max |p − q| computed with numpy', () => {
  for (const c of scipyValues.categorical) {
    assertClose(lInfinityDistance(c.referenceCounts, c.currentCounts), c.lInfinity, VALUE_TOLERANCE, c.name);
  }
});

test('known values: 0 for the same shares, 1 for disjoint categories', () => {
  assert.equal(lInfinityDistance([2, 6], [1, 3]), 0);
  assert.equal(lInfinityDistance([5, 0], [0, 3]), 1);
  // [½, ½] vs [0.2, 0.8]: max(0.3, 0.3).
  assert.ok(Math.abs(lInfinityDistance([1, 1], [1, 4]) - 0.3) < 1e-15);
});

test('empty or mismatched counts are a RangeError naming the argument', () => {
  assert.throws(() => lInfinityDistance([1, 2], [0, 0]), { name: 'RangeError', message: /^currentCounts is empty/ });
  assert.throws(() => lInfinityDistance([1], [1, 2]), { name: 'RangeError', message: /^referenceCounts has 1/ });
});
