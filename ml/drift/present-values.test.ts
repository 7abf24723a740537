import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortedPresentValues } from './present-values';

test('leaves out and counts NaN, and sorts what is left', () => {
  const { values, missing } = sortedPresentValues(Float64Array.from([3, Number.NaN, -1, 2, Number.NaN]), 'reference');
  assert.deepEqual([...values], [-1, 2, 3]);
  assert.equal(missing, 2);
});

test('the input is not changed', () => {
  const input = Float64Array.from([2, 1]);
  sortedPresentValues(input, 'reference');
  assert.deepEqual([...input], [2, 1]);
});

test('empty or all-missing input is a RangeError naming the argument', () => {
  assert.throws(() => sortedPresentValues(new Float64Array(0), 'current'), { name: 'RangeError', message: /^current has no values/ });
  assert.throws(() => sortedPresentValues(Float64Array.from([Number.NaN]), 'reference'), { name: 'RangeError', message: /^reference has no values/ });
});

test('infinite values are refused: NaN is the missing marker', () => {
  assert.throws(() => sortedPresentValues(Float64Array.from([1, Infinity]), 'current'), { name: 'RangeError', message: /current holds an infinite value/ });
});
