import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, logLoss, macroF1 } from './classification-metrics';

test('accuracy matches sklearn accuracy_score', () => {
  // sklearn docs: accuracy_score([0, 1, 2, 3], [0, 2, 1, 3]) = 0.5.
  assert.equal(accuracy([0, 1, 2, 3], [0, 2, 1, 3]), 0.5);
  assert.equal(accuracy(Int32Array.from([1, 1]), Int32Array.from([1, 1])), 1);
});

test('macroF1 matches sklearn f1_score(average="macro")', () => {
  // sklearn docs: f1_score([0,1,2,0,1,2], [0,2,1,0,0,1], average='macro') = 0.26666666666666666.
  assert.equal(macroF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3), 0.26666666666666666);
  assert.equal(macroF1([0, 1, 1], [0, 1, 1], 2), 1);
});

test('macroF1 averages only over classes that occur', () => {
  // Class 2 never occurs: per-class F1 is (1, 2/3), as sklearn reports without `labels`.
  assert.equal(macroF1([0, 1, 1], [0, 1, 0], 3), (1 * 2 / 3 + 2 / 3) / 2);
});

test('logLoss matches sklearn log_loss', () => {
  // sklearn docs: log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]])
  // = 0.21616187468057912, with classes ordered ham (0), spam (1).
  const probabilities = Float64Array.from([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]);
  const loss = logLoss([1, 0, 0, 1], probabilities, 2);
  assert.ok(Math.abs(loss - 0.21616187468057912) < 1e-15, `${loss}`);
  assert.ok(Math.abs(logLoss([1, 0, 0, 1], Float32Array.from(probabilities), 2) - 0.21616187468057912) < 1e-7);
});

test('logLoss clips probabilities to [1e-15, 1 − 1e-15]', () => {
  assert.equal(logLoss([0], Float64Array.from([0, 1]), 2), -Math.log(1e-15));
  assert.equal(logLoss([1], Float64Array.from([0, 1]), 2), -Math.log(1 - 1e-15));
});

test('rejects mismatched or empty inputs and bad class indices', () => {
  assert.throws(() => accuracy([0, 1], [0]), RangeError);
  assert.throws(() => accuracy([], []), RangeError);
  assert.throws(() => macroF1([0, 3], [0, 1], 3), RangeError);
  assert.throws(() => logLoss([0, 1], new Float64Array(3), 2), RangeError);
  assert.throws(() => logLoss([2], new Float64Array(2), 2), RangeError);
});
