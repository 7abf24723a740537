import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../random/seeded-random';
import { macroF1 } from './classification-metrics';
import { confusionMatrix } from './confusion-matrix';
import { macroAverage, perClassMetrics } from './per-class-metrics';

const closeAll = (actual: number[], expected: number[], tolerance = 1e-12) => {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < tolerance, `[${i}] ${value} ≉ ${expected[i]}`));
};

test('matches sklearn precision_recall_fscore_support(average=None)', () => {
  // sklearn docs: y_true = [cat, dog, pig, cat, dog, pig], y_pred = [cat, pig, dog, cat, cat, dog]
  // → precision [0.667, 0, 0], recall [1, 0, 0], f1 [0.8, 0, 0], support [2, 2, 2];
  // average='macro' → (0.222, 0.333, 0.267).
  const metrics = perClassMetrics(confusionMatrix([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3));
  closeAll(metrics.precision, [2 / 3, 0, 0]);
  closeAll(metrics.recall, [1, 0, 0]);
  closeAll(metrics.f1, [0.8, 0, 0]);
  assert.deepEqual(metrics.support, [2, 2, 2]);
  assert.deepEqual(metrics.predictedCount, [3, 2, 1]);
  closeAll(
    [metrics.precision, metrics.recall, metrics.f1].map((values) => macroAverage(values, metrics.support, metrics.predictedCount)),
    [2 / 9, 1 / 3, 0.26666666666666666],
  );
});

test('matches sklearn classification_report example', () => {
  // sklearn docs: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1] → precision 0.50 0.00 1.00,
  // recall 1.00 0.00 0.67, f1 0.67 0.00 0.80, support 1 1 3; macro avg 0.50 0.56 0.49.
  const metrics = perClassMetrics(confusionMatrix([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], 3));
  closeAll(metrics.precision, [0.5, 0, 1]);
  closeAll(metrics.recall, [1, 0, 2 / 3]);
  closeAll(metrics.f1, [2 / 3, 0, 0.8]);
  assert.deepEqual(metrics.support, [1, 1, 3]);
  const macro = (values: number[]) => Math.round(macroAverage(values, metrics.support, metrics.predictedCount) * 100) / 100;
  assert.deepEqual([macro(metrics.precision), macro(metrics.recall), macro(metrics.f1)], [0.5, 0.56, 0.49]);
});

test('a zero denominator gives 0 (sklearn zero_division default) and absent classes stay out of the average', () => {
  // Class 1 is only predicted (recall 0/0), class 2 only actual (precision 0/0), class 3 neither.
  const metrics = perClassMetrics(confusionMatrix([0, 0, 2], [0, 1, 0], 4));
  closeAll(metrics.precision, [0.5, 0, 0, 0]);
  closeAll(metrics.recall, [0.5, 0, 0, 0]);
  closeAll(metrics.f1, [0.5, 0, 0, 0]);
  // sklearn averages over labels {0, 1, 2}: (0.5 + 0 + 0) / 3.
  assert.equal(macroAverage(metrics.f1, metrics.support, metrics.predictedCount), 0.5 / 3);
});

test('macro-averaged F1 agrees with macroF1 on random predictions', () => {
  const random = seededRandom(11);
  for (let trial = 0; trial < 20; trial++) {
    const classCount = 2 + Math.floor(random() * 4);
    const rows = 1 + Math.floor(random() * 40);
    const actual = Array.from({ length: rows }, () => Math.floor(random() * classCount));
    const predicted = Array.from({ length: rows }, () => Math.floor(random() * classCount));
    const metrics = perClassMetrics(confusionMatrix(actual, predicted, classCount));
    const averaged = macroAverage(metrics.f1, metrics.support, metrics.predictedCount);
    assert.ok(Math.abs(averaged - macroF1(actual, predicted, classCount)) < 1e-12, `trial ${trial}`);
  }
});

test('rejects a matrix that is not square and averages with nothing to average', () => {
  assert.throws(() => perClassMetrics([[1, 0], [0]]), /row 1 has 1 columns, expected 2/);
  assert.throws(() => macroAverage([0, 0], [0, 0], [0, 0]), /at least one class that occurs/);
  assert.throws(() => macroAverage([0, 0], [1], [1, 0]), /one entry per class/);
});
