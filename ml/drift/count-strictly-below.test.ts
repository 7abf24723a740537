import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countStrictlyBelow } from './count-strictly-below';

test('countStrictlyBelow counts the values strictly below, ties excluded', () => {
  const ascending = Float64Array.of(1, 2, 2, 2, 5);
  assert.deepEqual(
    [0, 1, 1.5, 2, 3, 5, 6].map((value) => countStrictlyBelow(ascending, value)),
    [0, 0, 1, 1, 4, 4, 5],
  );
  assert.equal(countStrictlyBelow([], 3), 0);
});
