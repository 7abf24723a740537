import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitRidgeRegression } from './ridge-regression';
import { seededRandom } from '../random/seeded-random';

test('recovers y = 3·x1 − 2·x2 + 5', () => {
  const random = seededRandom(3);
  const rows = 50;
  const x = new Float64Array(rows * 2);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x[2 * i] = random() * 10 - 5;
    x[2 * i + 1] = random() * 4 + 1;
    y[i] = 3 * x[2 * i] - 2 * x[2 * i + 1] + 5;
  }

  const exact = fitRidgeRegression(x, rows, 2, y, { l2: 0 });
  assert.ok(Math.abs(exact.coefficients[0] - 3) < 1e-10);
  assert.ok(Math.abs(exact.coefficients[1] + 2) < 1e-10);
  assert.ok(Math.abs(exact.intercept - 5) < 1e-10);

  const lightlyPenalised = fitRidgeRegression(x, rows, 2, y, { l2: 1e-6 });
  assert.ok(Math.abs(lightlyPenalised.coefficients[0] - 3) < 1e-6);
  assert.ok(Math.abs(lightlyPenalised.coefficients[1] + 2) < 1e-6);
  assert.ok(Math.abs(lightlyPenalised.intercept - 5) < 1e-5);
});

test('shrinks the slope but not the intercept', () => {
  // x = (−1, 0, 1), y = (1, 3, 5): β = Σxy / (Σx² + λ) = 4 / (2 + 2) = 1 and b = ȳ − x̄β = 3,
  // as sklearn's Ridge(alpha=2) gives.
  const model = fitRidgeRegression(Float64Array.from([-1, 0, 1]), 3, 1, Float64Array.from([1, 3, 5]), { l2: 2 });
  assert.ok(Math.abs(model.coefficients[0] - 1) < 1e-15);
  assert.ok(Math.abs(model.intercept - 3) < 1e-15);
});

test('explains singular systems and is rescued by a positive l2', () => {
  const x = Float64Array.from([1, 7, 2, 7, 3, 7]);
  const y = Float64Array.from([2, 4, 6]);
  assert.throws(() => fitRidgeRegression(x, 3, 2, y, { l2: 0 }), /use a positive l2/);
  const model = fitRidgeRegression(x, 3, 2, y, { l2: 1e-6 });
  assert.equal(model.coefficients[1], 0);
  assert.ok(Math.abs(model.coefficients[0] - 2) < 1e-6);
});

test('rejects inconsistent inputs', () => {
  assert.throws(() => fitRidgeRegression(new Float64Array(3), 2, 2, new Float64Array(2), { l2: 0 }), RangeError);
  assert.throws(() => fitRidgeRegression(new Float64Array(2), 2, 1, new Float64Array(3), { l2: 0 }), RangeError);
  assert.throws(() => fitRidgeRegression(new Float64Array(2), 2, 1, new Float64Array(2), { l2: -1 }), RangeError);
});
