import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argmaxLabels, classificationMetrics, regressionMetrics } from './evaluation-metrics';

test('classification metrics leave out and count labels the model never saw', () => {
  const probabilities = Float64Array.of(0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.5, 0.5);
  const metrics = classificationMetrics(['a', 'b', 'b', 'z'], ['a', 'b', 'a', 'a'], probabilities, ['a', 'b']);
  assert.equal(metrics.accuracy, 2 / 3);
  assert.equal(metrics.unseenLabelRows, 1);
  assert.ok(Math.abs(metrics.logLoss - -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3) < 1e-12);
});

test('regression metrics and argmax', () => {
  assert.deepEqual(regressionMetrics(Float64Array.of(3, -0.5, 2, 7), Float64Array.of(2.5, 0, 2, 8)), {
    rmse: Math.sqrt(0.375),
    mae: 0.5,
    r2: 0.9486081370449679,
  });
  assert.deepEqual(argmaxLabels(Float64Array.of(0.2, 0.8, 0.7, 0.3), ['x', 'y']), ['y', 'x']);
});
