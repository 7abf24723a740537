import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summariseFolds } from './summarise-folds';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≉ ${expected}`);

test('gives the mean and the sample standard deviation of each metric', () => {
  const summary = summariseFolds([
    { accuracy: 0.8, logLoss: 0.5 },
    { logLoss: 0.3, accuracy: 0.9 },
    { accuracy: 1, logLoss: 0.4 },
  ]);
  close(summary.mean.accuracy, 0.9);
  close(summary.mean.logLoss, 0.4);
  // Deviations ±0.1 and 0: √(0.02 / 2) = 0.1.
  close(summary.std.accuracy, 0.1);
  close(summary.std.logLoss, 0.1);
  assert.deepEqual(Object.keys(summary.mean), ['accuracy', 'logLoss']);
});

test('rejects fewer than two folds and folds reporting different metrics', () => {
  assert.throws(() => summariseFolds([{ rmse: 1 }]), /at least 2 folds/);
  assert.throws(
    () => summariseFolds([{ accuracy: 1 }, { accuracy: 1, unseenLabelRows: 2 }]),
    /fold 1 reports metrics \[accuracy, unseenLabelRows\], fold 0 reports \[accuracy\]/,
  );
});
