import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kFold } from '../split/k-fold';
import { resolveHyperparameters } from './linear-hyperparameters';
import { trainingErrorField } from './training-error-field';

function fieldOf(fails: () => unknown): string {
  try {
    fails();
  } catch (error) {
    return trainingErrorField(error as RangeError);
  }
  throw new Error('expected a RangeError');
}

test('names the hyperparameter, the fold count, or the input as a whole', () => {
  assert.equal(fieldOf(() => resolveHyperparameters('REGRESSION', { l2: -1 })), 'input.hyperparameters.l2');
  assert.equal(fieldOf(() => kFold(10, { folds: 30, seed: 1 })), 'input.crossValidation.folds');
  assert.equal(fieldOf(() => kFold(3, { folds: 5, seed: 1 })), 'input.crossValidation.folds');
  assert.equal(trainingErrorField(new RangeError('trainRows needs at least 2 rows (got 1)')), 'input');
});
