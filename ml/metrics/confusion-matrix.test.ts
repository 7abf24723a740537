import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionMatrix } from './confusion-matrix';

test('matches sklearn confusion_matrix: rows actual, columns predicted', () => {
  // sklearn docs: confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]) = [[2, 0, 0], [0, 0, 1], [1, 0, 2]].
  assert.deepEqual(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], 3), [
    [2, 0, 0],
    [0, 0, 1],
    [1, 0, 2],
  ]);
});

test('gives every class a row and a column, even one that never occurs', () => {
  assert.deepEqual(confusionMatrix(Int32Array.of(0, 1), Float64Array.of(1, 1), 3), [
    [0, 1, 0],
    [0, 1, 0],
    [0, 0, 0],
  ]);
});

test('rejects mismatched or empty inputs and bad class indices', () => {
  assert.throws(() => confusionMatrix([0, 1], [0], 2), /actual has 2 rows but predicted has 1/);
  assert.throws(() => confusionMatrix([], [], 2), RangeError);
  assert.throws(() => confusionMatrix([0, 2], [0, 1], 2), /actual\[1\] = 2 is not a class index below 2/);
  assert.throws(() => confusionMatrix([0], [-1], 2), /predicted\[0\] = -1/);
  assert.throws(() => confusionMatrix([0.5], [0], 2), RangeError);
});
