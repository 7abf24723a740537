import assert from 'node:assert/strict';
import { test } from 'node:test';
import { numericSample, scipyValues } from './fixtures/scipy-fixtures';
import { quantileBinEdges } from './quantile-bin-edges';

test('numpy’s linear quantiles: np.quantile(1..10, [.25, .5, .75]) = [3.25, 5.5, 7.75]', () => {
  const values = Float64Array.from([7, 3, 10, 1, 5, 9, 2, 8, 4, 6]);
  assert.deepEqual([...quantileBinEdges(values, 4)], [3.25, 5.5, 7.75]);
});

test('the edges of the PSI fixtures equal np.unique(np.quantile(reference, k / bins)) exactly', () => {
  for (const c of scipyValues.psi) {
    assert.deepEqual([...quantileBinEdges(numericSample(c.reference), c.bins)], c.edges, c.name);
  }
});

test('ties merge edges, missing values are left out', () => {
  // Quartiles of [0, 0, 0, 0, 0, 1, 2, 3, 4] are at order statistics 2, 4 and 6: 0, 0 and 2.
  assert.deepEqual([...quantileBinEdges(Float64Array.from([0, 0, 0, 0, 0, 1, 2, 3, 4, Number.NaN]), 4)], [0, 2]);
  assert.deepEqual([...quantileBinEdges(Float64Array.from([4, 4, 4]), 10)], [4]);
  assert.deepEqual([...quantileBinEdges(Float64Array.from([4, 5]), 1)], []);
});

test('bins must be a positive integer and the reference non-empty', () => {
  assert.throws(() => quantileBinEdges(Float64Array.from([1]), 0), RangeError);
  assert.throws(() => quantileBinEdges(Float64Array.from([Number.NaN]), 10), { name: 'RangeError', message: /^reference/ });
});
