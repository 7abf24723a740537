import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_METRICS, higherIsBetter } from './metric-direction';

test('scores are better higher, losses and errors lower', () => {
  for (const metric of ['accuracy', 'macroF1', 'macroPrecision', 'macroRecall', 'rocAucMacro', 'r2']) {
    assert.equal(higherIsBetter(metric), true, metric);
  }
  for (const metric of ['logLoss', 'rmse', 'mae']) assert.equal(higherIsBetter(metric), false, metric);
  assert.equal(KNOWN_METRICS.length, 9);
});

test('an unknown metric is refused with the known ones listed', () => {
  assert.throws(
    () => higherIsBetter('f1'),
    /unknown metric "f1"; known metrics are accuracy, macroF1, macroPrecision, macroRecall, rocAucMacro, r2, logLoss, rmse, mae/,
  );
  assert.throws(() => higherIsBetter('toString'), RangeError);
});
