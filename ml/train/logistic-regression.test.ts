import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLogisticRegression, type LogisticRegressionOptions } from './logistic-regression';
import { softmaxInPlace } from './softmax';

const options: LogisticRegressionOptions = { learningRate: 0.5, maxIterations: 5000, l2: 1e-4, tolerance: 1e-8 };

function predictClasses(
  model: { coefficients: Float64Array; intercepts: Float64Array },
  x: Float64Array,
  rows: number,
  cols: number,
): number[] {
  const classCount = model.intercepts.length;
  const predicted: number[] = [];
  for (let i = 0; i < rows; i++) {
    const scores = Float64Array.from(model.intercepts);
    for (let c = 0; c < classCount; c++) {
      for (let j = 0; j < cols; j++) scores[c] += model.coefficients[c * cols + j] * x[i * cols + j];
    }
    softmaxInPlace(scores, 0, classCount);
    predicted.push(scores.indexOf(Math.max(...scores)));
  }
  return predicted;
}

test('with no features, learns the centred log class frequencies', () => {
  // Class counts 1, 1, 2 → p = (¼, ¼, ½); the optimum is log p up to a constant,
  // and the zero start keeps the intercepts summing to zero.
  const y = Int32Array.from([0, 1, 2, 2]);
  const model = fitLogisticRegression(new Float64Array(0), 4, 0, y, 3, options);
  const logP = [Math.log(0.25), Math.log(0.25), Math.log(0.5)];
  const centre = (logP[0] + logP[1] + logP[2]) / 3;
  logP.forEach((value, c) => assert.ok(Math.abs(model.intercepts[c] - (value - centre)) < 1e-6));
  assert.ok(model.iterations < options.maxIterations);
});

test('separates a linearly separable three-class problem perfectly', () => {
  // Three well-separated clusters around (−2,−2), (2,−2) and (0,2).
  const points = [
    [-2.1, -1.9], [-1.8, -2.2], [-2.3, -2.0], [-1.9, -1.7],
    [2.0, -2.1], [1.7, -1.8], [2.2, -2.3], [1.9, -1.9],
    [0.1, 2.0], [-0.2, 1.8], [0.3, 2.2], [0.0, 1.7],
  ];
  const x = Float64Array.from(points.flat());
  const y = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  const model = fitLogisticRegression(x, 12, 2, y, 3, options);
  assert.deepEqual(predictClasses(model, x, 12, 2), [...y]);
});

test('binary weights are exact opposites because each gradient sums to zero over classes', () => {
  const x = Float64Array.from([-1.5, -0.5, 0.2, 0.5, 1.5, -0.1]);
  const y = Int32Array.from([0, 0, 1, 1, 1, 0]);
  const model = fitLogisticRegression(x, 6, 1, y, 2, { ...options, maxIterations: 200 });
  assert.ok(Math.abs(model.coefficients[0] + model.coefficients[1]) < 1e-12);
  assert.ok(Math.abs(model.intercepts[0] + model.intercepts[1]) < 1e-12);
  assert.ok(model.coefficients[1] > 0);
});

test('is deterministic and stops at maxIterations when the tolerance is out of reach', () => {
  const x = Float64Array.from([-1, 1, -0.5, 0.5]);
  const y = Int32Array.from([0, 1, 1, 0]);
  const strict = { ...options, maxIterations: 25, tolerance: 1e-300 };
  const first = fitLogisticRegression(x, 4, 1, y, 2, strict);
  assert.equal(first.iterations, 25);
  assert.deepEqual(fitLogisticRegression(x, 4, 1, y, 2, strict), first);
});

test('rejects inconsistent inputs', () => {
  assert.throws(() => fitLogisticRegression(new Float64Array(3), 2, 2, Int32Array.from([0, 1]), 2, options), RangeError);
  assert.throws(() => fitLogisticRegression(new Float64Array(2), 2, 1, Int32Array.from([0, 2]), 2, options), RangeError);
  assert.throws(() => fitLogisticRegression(new Float64Array(2), 2, 1, Int32Array.from([0, 0]), 1, options), RangeError);
});
