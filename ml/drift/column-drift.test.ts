import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryCounts } from './category-counts';
import { columnDrift, countedColumnDrift, type DriftColumn } from './column-drift';
import {
  DIFFERENT_ALGORITHM_P_TOLERANCE,
  SAME_ALGORITHM_P_TOLERANCE,
  VALUE_TOLERANCE,
  assertClose,
  assertRelativelyClose,
  categoricalSample,
  numericSample,
  scipyValues,
  type SampleDescription,
} from './fixtures/scipy-fixtures';
import { jensenShannonDistance } from './jensen-shannon';

const find = <T extends { name: string }>(rows: T[], name: string): T => rows.find((row) => row.name === name)!;
const numeric = (name: string, c: { reference: SampleDescription; current: SampleDescription }): DriftColumn => ({
  name,
  kind: 'numeric',
  reference: numericSample(c.reference),
  current: numericSample(c.current),
});
const categorical = (name: string, c: { reference: SampleDescription; current: SampleDescription }): DriftColumn => ({
  name,
  kind: 'categorical',
  reference: categoricalSample(c.reference),
  current: categoricalSample(c.current),
});

test('small reference, numeric: Kolmogorov–Smirnov, drift at p < 0.05 (Seattle highs, 2012 vs 2015)', () => {
  const c = find(scipyValues.ksTwoSample, 'seattle temp_max 2012 vs 2015');
  const result = columnDrift(numeric('temp_max', c));
  assert.equal(result.test, 'ks');
  assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, 'D');
  assertRelativelyClose(result.pValue!, c.pValue, SAME_ALGORITHM_P_TOLERANCE, 'p');
  assert.deepEqual(
    { ...result, statistic: 0, pValue: 0 },
    { column: 'temp_max', test: 'ks', statistic: 0, pValue: 0, threshold: 0.05, referenceSize: 366, currentSize: 365, referenceMissing: 0, currentMissing: 0, drifted: true, binned: false },
  );
});

test('small reference, categorical: chi-square (Seattle weather, summer vs winter)', () => {
  const c = find(scipyValues.categorical, 'seattle weather summer vs winter');
  const result = columnDrift(categorical('weather', c));
  assert.equal(result.test, 'chi_square');
  assertClose(result.statistic, c.chiSquare.statistic, VALUE_TOLERANCE, 'X²');
  assertRelativelyClose(result.pValue!, c.chiSquare.pValue, DIFFERENT_ALGORITHM_P_TOLERANCE, 'p');
  assert.equal(result.drifted, true);
});

test('small reference, two categories: Z-test (rain or not, summer vs winter)', () => {
  const c = find(scipyValues.zTest, 'seattle rain, summer vs winter');
  const result = columnDrift(categorical('rain', c));
  assert.equal(result.test, 'z_test');
  assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, 'z');
  assertRelativelyClose(result.pValue!, c.pValue, 1e-12, 'p');
  assert.equal(result.drifted, true);
});

test('large reference, numeric: normalised Wasserstein, drift at ≥ 0.1', () => {
  const c = find(scipyValues.wasserstein, 'large shifted samples');
  const result = columnDrift(numeric('x', c));
  assert.equal(result.test, 'wasserstein');
  assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, 'W₁/σ');
  assert.equal(result.pValue, null);
  assert.equal(result.threshold, 0.1);
  assert.equal(result.drifted, c.statistic >= 0.1);
});

test('large reference, categorical: Jensen–Shannon (Seattle weather, 2012–2014 vs 2015)', () => {
  const c = find(scipyValues.categorical, 'seattle weather 2012-2014 vs 2015');
  const result = columnDrift(categorical('weather', c));
  assert.equal(result.test, 'jensen_shannon');
  assert.equal(result.referenceSize, 1096);
  assertClose(result.statistic, c.jensenShannon, VALUE_TOLERANCE, 'JS');
  assert.equal(result.drifted, c.jensenShannon >= 0.1);
});

test('numeric columns with few distinct values are tested as categories', () => {
  const reference = Float64Array.from({ length: 300 }, (_, i) => i % 4);
  const current = Float64Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? 3 : i % 3));
  assert.equal(columnDrift({ name: 'grade', kind: 'numeric', reference, current }).test, 'chi_square');
  const binary = Float64Array.from({ length: 300 }, (_, i) => i % 2);
  assert.equal(columnDrift({ name: 'flag', kind: 'numeric', reference: binary, current: binary }).test, 'z_test');
  const large = Float64Array.from({ length: 3000 }, (_, i) => i % 4);
  assert.equal(columnDrift({ name: 'grade', kind: 'numeric', reference: large, current }).test, 'jensen_shannon');
});

test('overrides choose the test and the threshold per column', () => {
  const ks = find(scipyValues.ksTwoSample, 'seattle temp_max 2012 vs 2015');
  const strict = columnDrift(numeric('temp_max', ks), { threshold: 1e-4 });
  assert.deepEqual([strict.test, strict.threshold, strict.drifted], ['ks', 1e-4, false]);

  const psi = find(scipyValues.psi, 'seattle temp_max 2012 vs 2015');
  const byPsi = columnDrift(numeric('temp_max', psi), { test: 'psi' });
  assertClose(byPsi.statistic, psi.statistic, VALUE_TOLERANCE, 'PSI');
  assert.deepEqual([byPsi.threshold, byPsi.drifted], [0.1, true]);

  // A continuous column under a count-based test is counted over the reference’s deciles.
  const byJs = columnDrift(numeric('temp_max', psi), { test: 'jensen_shannon', threshold: 0.2 });
  assertClose(byJs.statistic, jensenShannonDistance(psi.referenceCounts, psi.currentCounts), VALUE_TOLERANCE, 'JS over deciles');
  assert.equal(byJs.drifted, byJs.statistic >= 0.2);
});

test('Jensen–Shannon and L∞ over categories match scipy’s jensenshannon(base=2) and numpy', () => {
  for (const c of scipyValues.categorical) {
    // Neither depends on the order of the categories, so numeric labels can be read as text.
    const column = categorical(c.name, c);
    assertClose(columnDrift(column, { test: 'jensen_shannon' }).statistic, c.jensenShannon, VALUE_TOLERANCE, `${c.name}: JS`);
    assertClose(columnDrift(column, { test: 'l_infinity' }).statistic, c.lInfinity, VALUE_TOLERANCE, `${c.name}: L∞`);
  }
});

test('missing values are left out and counted (penguin flippers, one missing)', () => {
  const c = find(scipyValues.ksTwoSample, 'penguin flippers Torgersen vs Dream, with missing values');
  const result = columnDrift(numeric('flipper', c));
  assert.deepEqual([result.referenceSize, result.referenceMissing, result.currentSize, result.currentMissing], [51, 1, 124, 0]);
  assertRelativelyClose(result.pValue!, c.pValue, SAME_ALGORITHM_P_TOLERANCE, 'p');
});

test('a test that does not fit the column is refused with the ones that do', () => {
  const weather = categorical('weather', find(scipyValues.categorical, 'seattle weather summer vs winter'));
  assert.throws(() => columnDrift(weather, { test: 'ks' }), { name: 'RangeError', message: /^column weather: test ks does not apply to a categorical column \(use one of chi_square, z_test, jensen_shannon, l_infinity\)/ });
  assert.throws(() => columnDrift(weather, { test: 'z_test' }), { name: 'RangeError', message: /Z-test compares two categories, and this column has 5/ });
  assert.throws(() => columnDrift(weather, { threshold: 5 }), { name: 'RangeError', message: /^column weather: the chi_square threshold/ });
});

test('a side with no values is a RangeError naming it', () => {
  assert.throws(() => columnDrift({ name: 'x', kind: 'numeric', reference: Float64Array.from([1]), current: Float64Array.from([Number.NaN]) }), {
    name: 'RangeError',
    message: /^current has no values/,
  });
  assert.throws(() => columnDrift({ name: 'x', kind: 'categorical', reference: [], current: ['a'] }), { name: 'RangeError', message: /^reference has no values/ });
});

test('countedColumnDrift: the same result from the counts as columnDrift from the values', () => {
  for (const c of scipyValues.categorical) {
    const column = categorical(c.name, c);
    if (column.kind !== 'categorical') continue;
    const counts = categoryCounts(column.reference, column.current);
    for (const override of [{}, { test: 'l_infinity' as const, threshold: 0.2 }]) {
      assert.deepEqual(countedColumnDrift(c.name, 'categorical', counts, override), columnDrift(column, override), c.name);
    }
  }
  const reference = Float64Array.from({ length: 300 }, (_, i) => i % 4);
  const current = Float64Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? Number.NaN : i % 3));
  const fewValues = countedColumnDrift('grade', 'numeric', categoryCounts(reference, current));
  assert.deepEqual(fewValues, columnDrift({ name: 'grade', kind: 'numeric', reference, current }));
  assert.deepEqual([fewValues.test, fewValues.currentSize, fewValues.currentMissing], ['chi_square', 160, 40]);
});

test('countedColumnDrift refuses a test that needs the values', () => {
  const continuous = Float64Array.from({ length: 50 }, (_, i) => i);
  assert.throws(() => countedColumnDrift('x', 'numeric', categoryCounts(continuous, continuous)), { name: 'RangeError', message: /^column x: test ks needs the values, not counts/ });
  assert.throws(() => countedColumnDrift('x', 'numeric', categoryCounts(continuous, continuous), { test: 'psi' }), { name: 'RangeError', message: /test psi needs the values/ });
});
