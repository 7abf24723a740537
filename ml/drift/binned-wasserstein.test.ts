import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToBinnedColumn, emptyBinnedColumn } from './binned-column';
import { binnedWassersteinNormalised } from './binned-wasserstein';
import { numericSample, scipyValues } from './fixtures/scipy-fixtures';
import { quantileBinEdges } from './quantile-bin-edges';
import { wassersteinNormalised } from './wasserstein-normalised';

function binned(reference: Float64Array, current: Float64Array, bins: number) {
  const edges = quantileBinEdges(reference, bins);
  return binnedWassersteinNormalised(addToBinnedColumn(emptyBinnedColumn(edges), reference), addToBinnedColumn(emptyBinnedColumn(edges), current));
}

test('stays within its error bound of the exact normalised W₁ on every fixture, real data included', () => {
  for (const c of scipyValues.wasserstein) {
    const reference = numericSample(c.reference);
    const current = numericSample(c.current);
    for (const bins of [10, 50]) {
      const approximate = binned(reference, current, bins);
      assert.ok(Math.abs(approximate.statistic - c.statistic) <= approximate.errorBound + 1e-12, `${c.name}, ${bins} bins: ${approximate.statistic} vs ${c.statistic} ± ${approximate.errorBound}`);
      assert.ok(Math.abs(approximate.referenceStandardDeviation - c.referenceStandardDeviation) <= 1e-12 * Math.max(1, c.referenceStandardDeviation));
    }
  }
});

test('more bins, tighter bound: Seattle’s daily highs, 2012 against 2015', () => {
  const c = scipyValues.wasserstein.find((row) => row.name === 'seattle temp_max 2012 vs 2015')!;
  const [coarse, fine] = [10, 100].map((bins) => binned(numericSample(c.reference), numericSample(c.current), bins));
  assert.ok(fine.errorBound < coarse.errorBound);
  assert.ok(Math.abs(fine.statistic - c.statistic) < 0.02, `${fine.statistic} vs ${c.statistic}`);
});

test('a hand-computed case: values spread evenly over the occupied part of each bin', () => {
  // Reference {0, 2} over edges [1, 3] is read as uniform on [0, 2], current {2, 4} as uniform
  // on [2, 4]: W̃₁ = 2 (as the exact W₁), σ = 1, and the bound is ½·1 four times.
  const edges = Float64Array.from([1, 3]);
  const result = binnedWassersteinNormalised(addToBinnedColumn(emptyBinnedColumn(edges), [0, 2]), addToBinnedColumn(emptyBinnedColumn(edges), [2, 4]));
  assert.equal(result.distance, 2);
  assert.equal(result.statistic, 2);
  assert.equal(result.errorBound, 2);
  assert.equal(wassersteinNormalised(Float64Array.from([0, 2]), Float64Array.from([2, 4])).distance, 2);
});

test('identical histograms are at distance 0', () => {
  const values = Float64Array.from({ length: 500 }, (_, i) => Math.cos(i));
  assert.equal(binned(values, values, 10).distance, 0);
});

test('different edges or empty columns are refused', () => {
  const a = addToBinnedColumn(emptyBinnedColumn(Float64Array.from([0])), [1]);
  const b = addToBinnedColumn(emptyBinnedColumn(Float64Array.from([1])), [1]);
  assert.throws(() => binnedWassersteinNormalised(a, b), RangeError);
  assert.throws(() => binnedWassersteinNormalised(emptyBinnedColumn(Float64Array.from([0])), a), { name: 'RangeError', message: /^reference/ });
  assert.throws(() => binnedWassersteinNormalised(a, emptyBinnedColumn(Float64Array.from([0]))), { name: 'RangeError', message: /^current/ });
});
