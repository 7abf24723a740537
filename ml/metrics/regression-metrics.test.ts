import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mae, r2, rmse } from './regression-metrics';

// sklearn docs example: y_true = [3, −0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8].
const actual = [3, -0.5, 2, 7];
const predicted = [2.5, 0.0, 2, 8];

test('rmse is the square root of sklearn mean_squared_error (0.375)', () => {
  assert.equal(rmse(actual, predicted), Math.sqrt(0.375));
  assert.equal(rmse(actual, predicted), 0.6123724356957945);
});

test('mae matches sklearn mean_absolute_error', () => {
  assert.equal(mae(actual, predicted), 0.5);
});

test('r2 matches sklearn r2_score', () => {
  assert.ok(Math.abs(r2(actual, predicted) - 0.9486081370449679) < 1e-15);
  assert.equal(r2([1, 2, 3], [1, 2, 3]), 1);
  assert.equal(r2([1, 2, 3], [2, 2, 2]), 0);
  assert.equal(r2([1, 2, 3], [3, 2, 1]), -3);
});

test('r2 of a constant target follows sklearn force_finite', () => {
  assert.equal(r2([-2, -2, -2], [-2, -2, -2]), 1);
  assert.equal(r2([-2, -2, -2], [-2, -2, -2 + 1e-8]), 0);
});

test('rejects mismatched or empty inputs', () => {
  assert.throws(() => rmse([1, 2], [1]), RangeError);
  assert.throws(() => mae([], []), RangeError);
  assert.throws(() => r2([1], [1, 2]), RangeError);
});
