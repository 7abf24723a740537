import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToCategoryTally, categoryTallyOf, emptyCategoryTally } from './category-tally';

test('counts categories chunk by chunk, in place, the same as all at once', () => {
  const values = ['b', 'a', null, 'b', 'c', null, 'b'];
  const tally = emptyCategoryTally();
  assert.equal(addToCategoryTally(tally, values.slice(0, 3)), tally);
  addToCategoryTally(tally, values.slice(3));
  assert.deepEqual(tally, categoryTallyOf(values));
  assert.deepEqual([...tally.counts], [['b', 3], ['a', 1], ['c', 1]]);
  assert.deepEqual([tally.values, tally.missing], [7, 2]);
});

test('numeric values are counted per distinct value, NaN as missing', () => {
  const tally = categoryTallyOf(Float64Array.from([2, Number.NaN, 2, -1]));
  assert.deepEqual([...tally.counts], [[2, 2], [-1, 1]]);
  assert.deepEqual([tally.values, tally.missing], [4, 1]);
});
