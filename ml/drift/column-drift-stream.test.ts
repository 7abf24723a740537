import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnDrift, ColumnDriftResult } from '../../domain/drift';
import { seededRandom } from '../random/seeded-random';
import { addToBinnedColumn, emptyBinnedColumn } from './binned-column';
import { binnedWassersteinNormalised } from './binned-wasserstein';
import { columnDrift } from './column-drift';
import { STREAMED_WASSERSTEIN_BINS, columnDriftResult, columnDriftStream, type CurrentChunk, type ColumnValues } from './column-drift-stream';
import { quantileBinEdges } from './quantile-bin-edges';

const CHUNK = 997;

function streamed(reference: ColumnValues, current: Float64Array | (string | null)[], exactValuesMax?: number, countedDistinctMax?: number): ColumnDriftResult {
  const stream = columnDriftStream(reference, exactValuesMax, countedDistinctMax);
  for (let start = 0; start < current.length; start += CHUNK) stream.add(current.slice(start, start + CHUNK) as CurrentChunk);
  return stream.result();
}

/** The ColumnDrift part of a result: what columnDrift itself returns. */
function statistics(result: ColumnDriftResult): ColumnDrift {
  const { kind: _kind, histogram: _histogram, quality: _quality, ...drift } = result;
  return drift;
}

/** Roughly normal values (a sum of three uniforms) around `shift`, rounded to `decimals`. */
function normalish(seed: number, n: number, shift: number, decimals = 6): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: n }, () => Number((random() + random() + random() - 1.5 + shift).toFixed(decimals)));
}

test('numeric columns under the limit: exactly columnDrift on the values', () => {
  const reference = normalish(1, 800, 0);
  const current = normalish(2, 5000, 0.1);
  const result = streamed({ name: 'x', kind: 'numeric', values: reference }, current);
  assert.deepEqual(statistics(result), columnDrift({ name: 'x', kind: 'numeric', reference, current }));
  assert.equal(result.test, 'ks');
  assert.equal(result.binned, false);
});

test('past the limit with a reference of ≤ 1000 rows: Kolmogorov–Smirnov from counts, still exactly columnDrift', () => {
  const reference = normalish(3, 1000, 0, 2);
  for (const [shift, drifted] of [
    [0, false],
    [0.05, true],
  ] as const) {
    const current = normalish(4, 30_000, shift, 2);
    const result = streamed({ name: 'x', kind: 'numeric', values: reference }, current, 10_000);
    assert.deepEqual(statistics(result), columnDrift({ name: 'x', kind: 'numeric', reference, current }));
    assert.deepEqual([result.test, result.binned, result.drifted], ['ks', false, drifted]);
  }
});

test('past the limit with a larger reference and tied values: Wasserstein from per-value counts, exactly columnDrift', () => {
  const random = seededRandom(10);
  // Whole minutes of delay, some missing: the kind of column quantile bins approximate worst.
  const delays = (n: number, tail: number) =>
    Float64Array.from({ length: n }, () => (random() < 0.01 ? Number.NaN : Math.round(-8 + 10 * random() - tail * Math.log(1 - random()))));
  const reference = delays(20_000, 12);
  for (const [tail, drifted] of [
    [12, false],
    [16, true],
  ] as const) {
    const current = delays(60_000, tail);
    const exact = columnDrift({ name: 'delay', kind: 'numeric', reference, current });
    for (const limit of [0, 1000, 30_000]) {
      const result = streamed({ name: 'delay', kind: 'numeric', values: reference }, current, limit);
      assert.deepEqual(statistics(result), exact, `tail ${tail}, limit ${limit}`);
    }
    assert.deepEqual([exact.test, exact.binned, exact.drifted], ['wasserstein', false, drifted]);
  }
});

test('the per-value counts hold up to countedDistinctMax distinct current values; one more and the stream bins', () => {
  const reference = normalish(11, 5000, 0, 2);
  const current = normalish(12, 20_000, 0.3, 2);
  const distinct = new Set(current).size;
  const exact = columnDrift({ name: 'x', kind: 'numeric', reference, current });
  assert.deepEqual(statistics(streamed({ name: 'x', kind: 'numeric', values: reference }, current, 500, distinct)), exact);
  const binned = streamed({ name: 'x', kind: 'numeric', values: reference }, current, 500, distinct - 1);
  assert.deepEqual([binned.test, binned.binned, binned.drifted, exact.drifted], ['wasserstein', true, true, true]);
  assert.notEqual(binned.statistic, exact.statistic);
});

test('past the limit with continuous values beyond countedDistinctMax: Wasserstein from quantile bins, within its error bound of the exact value', () => {
  const reference = normalish(5, 20_000, 0);
  for (const [shift, drifted] of [
    [0.01, false],
    [0.2, true],
  ] as const) {
    const current = normalish(6, 50_000, shift);
    const result = streamed({ name: 'x', kind: 'numeric', values: reference }, current, 1000, 10_000);
    const exact = columnDrift({ name: 'x', kind: 'numeric', reference, current });
    const edges = quantileBinEdges(reference, STREAMED_WASSERSTEIN_BINS);
    const { statistic, errorBound } = binnedWassersteinNormalised(addToBinnedColumn(emptyBinnedColumn(edges), reference), addToBinnedColumn(emptyBinnedColumn(edges), current));
    assert.deepEqual([result.test, result.binned, result.drifted, exact.drifted], ['wasserstein', true, drifted, drifted]);
    assert.equal(result.statistic, statistic);
    assert.ok(Math.abs(result.statistic - exact.statistic) <= errorBound, `|${result.statistic} − ${exact.statistic}| ≤ ${errorBound}`);
    assert.ok(errorBound < 0.02, `error bound ${errorBound}`);
    assert.deepEqual([result.referenceSize, result.currentSize], [20_000, 50_000]);
  }
});

test('numeric columns of at most 5 distinct values are counted per value on either path, exactly', () => {
  const random = seededRandom(8);
  const reference = Float64Array.from({ length: 3000 }, () => Math.floor(random() * 4));
  const current = Float64Array.from({ length: 40_000 }, () => (random() < 0.02 ? Number.NaN : Math.floor(random() * 5)));
  const exact = columnDrift({ name: 'rooms', kind: 'numeric', reference, current });
  for (const limit of [100_000, 500]) {
    assert.deepEqual(statistics(streamed({ name: 'rooms', kind: 'numeric', values: reference }, current, limit)), exact, `limit ${limit}`);
  }
  assert.equal(exact.test, 'jensen_shannon');
});

test('a current sample that brings a sixth distinct value leaves the per-value counts for the values’ test', () => {
  const reference = Float64Array.from({ length: 500 }, (_, i) => i % 3);
  const current = Float64Array.from({ length: 3000 }, (_, i) => (i < 2000 ? i % 3 : i % 7));
  const result = streamed({ name: 'x', kind: 'numeric', values: reference }, current, 100);
  assert.deepEqual(statistics(result), columnDrift({ name: 'x', kind: 'numeric', reference, current }));
  assert.equal(result.test, 'ks');
});

test('categorical columns: the counted tests equal columnDrift, with the top categories and the unseen ones reported', () => {
  const random = seededRandom(9);
  const pick = (weights: [string | null, number][]) => {
    const r = random() * weights.reduce((sum, [, w]) => sum + w, 0);
    let cumulative = 0;
    return weights.find(([, w]) => (cumulative += w) > r)![0];
  };
  const reference = Array.from({ length: 2000 }, () => pick([['sun', 5], ['rain', 4], ['fog', 1], [null, 0.2]]));
  const current = Array.from({ length: 30_000 }, () => pick([['sun', 6], ['rain', 2], ['fog', 1], ['snow', 0.5], ['hail', 0.1], [null, 1]]));
  const result = streamed({ name: 'weather', kind: 'categorical', values: reference }, current, 10);
  assert.deepEqual(statistics(result), columnDrift({ name: 'weather', kind: 'categorical', reference, current }));
  assert.deepEqual([result.kind, result.test, result.binned, result.drifted], ['categorical', 'jensen_shannon', false, true]);
  const count = (values: (string | null)[], value: string | null) => values.filter((v) => v === value).length;
  assert.equal(result.histogram.kind, 'categorical');
  if (result.histogram.kind === 'categorical') {
    assert.deepEqual(result.histogram.categories, ['sun', 'rain', 'fog', 'snow', 'hail']);
    assert.deepEqual(result.histogram.current, ['sun', 'rain', 'fog', 'snow', 'hail'].map((v) => count(current, v)));
    assert.deepEqual(result.histogram.reference, ['sun', 'rain', 'fog', 'snow', 'hail'].map((v) => count(reference, v)));
  }
  const present = current.length - count(current, null);
  assert.deepEqual(result.quality, {
    column: 'weather',
    referenceNullShare: count(reference, null) / 2000,
    currentNullShare: count(current, null) / 30_000,
    noCurrentValues: false,
    unseenCategories: ['snow', 'hail'],
    unseenShare: (count(current, 'snow') + count(current, 'hail')) / present,
    drifted: true,
  });
});

test('numeric histograms: 20 equal-width bins over the reference, the current sample clamped into the end bins', () => {
  const reference = Float64Array.from({ length: 200 }, (_, i) => i / 10);
  const current = Float64Array.from([-5, 0, 10.2, 19.9, 30, Number.NaN]);
  const result = streamed({ name: 'x', kind: 'numeric', values: reference }, current);
  assert.equal(result.histogram.kind, 'numeric');
  if (result.histogram.kind !== 'numeric') return;
  const { edges } = result.histogram;
  assert.equal(edges.length, 21);
  edges.forEach((edge, i) => assert.ok(Math.abs(edge - (i * 19.9) / 20) < 1e-12, `edge ${i}: ${edge}`));
  const binOf = (value: number) => Math.min(19, Math.max(0, edges.findLastIndex((edge) => edge <= value)));
  const expected = Array.from({ length: 20 }, (_, bin) => reference.filter((value) => binOf(value) === bin).length);
  assert.deepEqual(result.histogram.reference, expected);
  assert.equal(expected.reduce((sum, n) => sum + n, 0), 200);
  assert.deepEqual(result.histogram.current, [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  assert.deepEqual(result.quality, { column: 'x', referenceNullShare: 0, currentNullShare: 1 / 6, noCurrentValues: false, unseenCategories: [], unseenShare: 0, drifted: true });
});

test('a side without values is reported by presentValues and refused by result', () => {
  const stream = columnDriftStream({ name: 'x', kind: 'numeric', values: Float64Array.from([1, 2, 3]) });
  stream.add(Float64Array.from([Number.NaN, Number.NaN]));
  assert.deepEqual(stream.presentValues(), { reference: 3, current: 0 });
  assert.throws(() => stream.result(), { name: 'RangeError', message: /^current has no values/ });
  assert.throws(() => stream.add(['a']), { name: 'TypeError', message: /numeric/ });
  assert.throws(() => columnDriftStream({ name: 'x', kind: 'numeric', values: Float64Array.from([Number.NaN]) }), { name: 'RangeError', message: /^reference has no values/ });
  const categorical = columnDriftStream({ name: 'c', kind: 'categorical', values: ['a', null] });
  categorical.add([null]);
  assert.deepEqual(categorical.presentValues(), { reference: 1, current: 0 });
  assert.throws(() => categorical.result(), { name: 'RangeError', message: /^current has no values/ });
});

test('below the minimum sample size a column is NOT_ENOUGH_DATA: histogram and quality, the test it would run, no statistic, no drift', () => {
  const reference = Float64Array.from({ length: 200 }, (_, i) => i / 10);
  const small = columnDriftStream({ name: 'x', kind: 'numeric', values: reference });
  small.add(Float64Array.from([50, 60]));
  const untested = columnDriftResult(small, 30);
  assert.equal(untested.status, 'NOT_ENOUGH_DATA');
  assert.equal(untested.minimumSampleSize, 30);
  assert.equal(untested.test, 'ks');
  assert.ok(Number.isNaN(untested.statistic));
  assert.equal(untested.pValue, null);
  assert.equal(untested.drifted, false, 'two values far out of range are still no evidence');
  assert.deepEqual([untested.referenceSize, untested.currentSize, untested.currentMissing], [200, 2, 0]);
  assert.equal(untested.histogram.kind === 'numeric' && untested.histogram.current.reduce((sum: number, n: number) => sum + n, 0), 2);
  // The same two values with a minimum of 2 are tested, and drift.
  const tested = columnDriftResult(small, 2);
  assert.equal(tested.status, 'TESTED');
  assert.equal(tested.drifted, true);
  assert.throws(() => columnDriftResult(small, 0), { name: 'RangeError', message: /minimumSampleSize/ });
});

test('a current sample without any value is NOT_ENOUGH_DATA and a data-quality finding, numeric or categorical', () => {
  const numeric = columnDriftStream({ name: 'x', kind: 'numeric', values: Float64Array.from({ length: 50 }, (_, i) => i) });
  numeric.add(Float64Array.from([Number.NaN, Number.NaN]));
  const numericResult = columnDriftResult(numeric, 30);
  assert.equal(numericResult.status, 'NOT_ENOUGH_DATA');
  assert.deepEqual([numericResult.quality.noCurrentValues, numericResult.quality.drifted, numericResult.quality.currentNullShare], [true, true, 1]);
  const categorical = columnDriftStream({ name: 'c', kind: 'categorical', values: ['a', 'b', 'c', 'a'] });
  const categoricalResult = columnDriftResult(categorical, 30);
  assert.equal(categoricalResult.status, 'NOT_ENOUGH_DATA');
  assert.equal(categoricalResult.test, 'chi_square');
  assert.deepEqual(categoricalResult.histogram, { kind: 'categorical', categories: ['a', 'b', 'c'], reference: [2, 1, 1], current: [0, 0, 0], referenceOther: 0, currentOther: 0 });
  assert.deepEqual([categoricalResult.quality.noCurrentValues, categoricalResult.quality.drifted], [true, true]);
});
