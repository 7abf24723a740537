import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateProportionally } from './proportional-allocation';

test('floors the quotas, then gives the rest to the largest remainders', () => {
  // Quotas 2, 1.2, 0.8: floors 2, 1, 0; the one unit left goes to the 0.8 remainder.
  assert.deepEqual(allocateProportionally(4, [5, 3, 2], [5, 3, 2]), [2, 1, 1]);
  assert.deepEqual(allocateProportionally(10, [5, 3, 2], [5, 3, 2]), [5, 3, 2]);
  // Quotas 1.5, 1.5: the tie goes to the earlier group.
  assert.deepEqual(allocateProportionally(3, [4, 4], [4, 4]), [2, 1]);
});

test('respects capacities, passing what a full group cannot take to the others', () => {
  // Quotas 0.5, 4.5: the first group may take nothing, so both remaining units go to the second.
  assert.deepEqual(allocateProportionally(5, [1, 9], [0, 8]), [0, 5]);
  assert.deepEqual(allocateProportionally(10, [2, 2], [1, 1]), [1, 1]);
  assert.deepEqual(allocateProportionally(3, [1, 1], [0, 0]), [0, 0]);
});
