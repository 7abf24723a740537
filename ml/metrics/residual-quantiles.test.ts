import { test } from 'node:test';
import assert from 'node:assert/strict';
import { residualQuantiles } from './residual-quantiles';

test('quantiles of actual − predicted by linear interpolation (numpy.quantile default)', () => {
  // Residuals of the sklearn regression example: [0.5, −0.5, 0, −1], sorted [−1, −0.5, 0, 0.5].
  // Position 3p: p = 0.05 → −1 + 0.15·0.5; 0.25 → −1 + 0.75·0.5; 0.5 → −0.5 + 0.5·0.5;
  // 0.75 → 0 + 0.25·0.5; 0.95 → 0 + 0.85·0.5.
  const quantiles = residualQuantiles([3, -0.5, 2, 7], Float32Array.of(2.5, 0, 2, 8));
  assert.deepEqual(quantiles.map((q) => q.p), [0.05, 0.25, 0.5, 0.75, 0.95]);
  const expected = [-0.925, -0.625, -0.25, 0.125, 0.425];
  quantiles.forEach((q, i) => assert.ok(Math.abs(q.value - expected[i]) < 1e-12, `p=${q.p}: ${q.value}`));
});

test('takes the probabilities asked for; 0 and 1 are the extremes', () => {
  assert.deepEqual(residualQuantiles([10, 20, 30], [9, 22, 30], [1, 0, 0.5]), [
    { p: 1, value: 1 },
    { p: 0, value: -2 },
    { p: 0.5, value: 0 },
  ]);
});

test('rejects probabilities outside [0, 1], NaN residuals and mismatched rows', () => {
  assert.throws(() => residualQuantiles([1, 2], [1, 2], [1.5]), /quantile probability 1.5 is not in \[0, 1\]/);
  assert.throws(() => residualQuantiles([1, 2], [1, Number.NaN]), /residual at row 1 is NaN/);
  assert.throws(() => residualQuantiles([1, 2], [1]), RangeError);
});
