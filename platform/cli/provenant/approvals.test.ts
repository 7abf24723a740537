import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyMetrics } from './approvals';

test('key metrics come in a fixed order, rounded to four decimals, skipping the rest', () => {
  assert.equal(
    keyMetrics({ macroRecall: 0.3672, logLoss: 0.59310177, accuracy: 0.80479452, macroF1: 0.34366227 }),
    'accuracy 0.8048, macroF1 0.3437, logLoss 0.5931',
  );
  assert.equal(keyMetrics({ r2: 0.5, rmse: 1.23456 }), 'rmse 1.2346, r2 0.5');
});
