import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToBinnedColumn, emptyBinnedColumn } from './binned-column';
import { binnedColumnDrift } from './binned-column-drift';
import { VALUE_TOLERANCE, assertClose, numericSample, scipyValues } from './fixtures/scipy-fixtures';
import { jensenShannonDistance } from './jensen-shannon';
import { PSI_BINS } from './psi';
import { quantileBinEdges } from './quantile-bin-edges';

const c = scipyValues.psi.find((row) => row.name === 'seattle temp_max 2012 vs 2015')!;
const reference = numericSample(c.reference);
const current = numericSample(c.current);
const edges = quantileBinEdges(reference, PSI_BINS);
/** The current year streamed in weekly chunks. */
let currentBins = emptyBinnedColumn(edges);
for (let start = 0; start < current.length; start += 7) currentBins = addToBinnedColumn(currentBins, current.subarray(start, start + 7));
const referenceBins = addToBinnedColumn(emptyBinnedColumn(edges), reference);

test('by default the large-data test, normalised Wasserstein from the bins, marked binned', () => {
  const result = binnedColumnDrift('temp_max', referenceBins, currentBins);
  assert.deepEqual([result.test, result.threshold, result.pValue, result.binned], ['wasserstein', 0.1, null, true]);
  assert.deepEqual([result.referenceSize, result.currentSize], [366, 365]);
  const exact = scipyValues.wasserstein.find((row) => row.name === 'seattle temp_max 2012 vs 2015')!;
  assert.ok(Math.abs(result.statistic - exact.statistic) < 0.05, `${result.statistic} vs ${exact.statistic}`);
});

test('PSI from streamed bins equals the PSI of the values (numpy’s, from the fixtures)', () => {
  const result = binnedColumnDrift('temp_max', referenceBins, currentBins, { test: 'psi' });
  assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, 'PSI');
  assert.equal(result.drifted, true);
});

test('Jensen–Shannon of the bins, with a threshold override', () => {
  const result = binnedColumnDrift('temp_max', referenceBins, currentBins, { test: 'jensen_shannon', threshold: 0.5 });
  assert.equal(result.statistic, jensenShannonDistance(c.referenceCounts, c.currentCounts));
  assert.equal(result.drifted, false);
});

test('tests that need the values, different edges and empty columns are refused', () => {
  assert.throws(() => binnedColumnDrift('temp_max', referenceBins, currentBins, { test: 'ks' }), { name: 'RangeError', message: /test ks needs the values/ });
  assert.throws(() => binnedColumnDrift('temp_max', referenceBins, emptyBinnedColumn(Float64Array.from([0]))), RangeError);
  assert.throws(() => binnedColumnDrift('temp_max', referenceBins, emptyBinnedColumn(edges)), { name: 'RangeError', message: /current has no values/ });
});
