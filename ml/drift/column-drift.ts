import type { ColumnDrift, ColumnKind, DriftTest, SampleSizes } from '../../domain/drift';
import { addToBinnedColumn, emptyBinnedColumn } from './binned-column';
import { categoryCounts, type CategoryCounts } from './category-counts';
import { chiSquareHomogeneity } from './chi-square-homogeneity';
import { FEW_VALUES_MAX, defaultDriftTest } from './default-drift-test';
import { DRIFT_TESTS, driftThreshold } from './drift-tests';
import { jensenShannonDistance } from './jensen-shannon';
import { ksTwoSampleOfPresent } from './ks-two-sample';
import { lInfinityDistance } from './l-infinity';
import { sortedPresentValues, type PresentValues } from './present-values';
import { PSI_BINS, populationStabilityIndex } from './psi';
import { quantileBinEdges } from './quantile-bin-edges';
import { twoProportionZTest } from './two-proportion-z-test';
import { wassersteinNormalisedOfPresent } from './wasserstein-normalised';

export type DriftColumn =
  | { name: string; kind: 'numeric'; reference: Float64Array; current: Float64Array }
  | { name: string; kind: 'categorical'; reference: readonly (string | null)[]; current: readonly (string | null)[] };

/** Per-column choice of test and threshold; either may be left to the defaults. */
export interface ColumnDriftOverride {
  test?: DriftTest;
  threshold?: number;
}

/**
 * Drift of one column between a reference and a current sample. The test is the
 * override's, else defaultDriftTest's (Evidently's rules); the threshold is the
 * override's, else the test's default (DRIFT_TESTS). Missing values (NaN, null) are
 * left out and counted; a side with nothing left throws a RangeError.
 *
 * Count-based tests (chi_square, z_test, jensen_shannon, l_infinity) compare categories;
 * a numeric column is counted per distinct value when it has at most 5, otherwise per
 * bin of the reference's deciles (as PSI). The Z-test needs at most 2 categories: the
 * first in sorted order is the "success", so z > 0 means it is more frequent in the
 * reference. Every statistic here is exact; the only approximation is the ks p-value
 * for samples over 10000 values (asymptotic, see ksTwoSample).
 */
export function columnDrift(column: DriftColumn, override: ColumnDriftOverride = {}): ColumnDrift {
  if (column.kind === 'categorical') return countedColumnDrift(column.name, 'categorical', categoryCounts(column.reference, column.current), override);
  // Sorted once: the summary and the value tests all walk the same sorted samples.
  const reference = sortedPresentValues(column.reference, 'reference');
  const current = sortedPresentValues(column.current, 'current');
  const summary = numericSummary(reference, current);
  const { test, threshold } = chosenTest(column.name, 'numeric', summary, override);
  const score =
    test === 'ks' || test === 'wasserstein' || test === 'psi'
      ? valueTest(test, reference, current)
      : countTest(column.name, test, numericCounts(reference.values, current.values, summary.distinctValues));
  return driftOf(column.name, test, threshold, score, summary);
}

/**
 * columnDrift of a column already counted per category: a categorical column, or a
 * numeric one counted per distinct value (categoryCounts, or categoryCountsOfTallies
 * for samples counted chunk by chunk). The count-based tests need nothing else, so the
 * result is exactly columnDrift's on the values; a test that needs the values (ks,
 * wasserstein, psi, the defaults for a numeric column of more than 5 distinct values)
 * throws a RangeError.
 */
export function countedColumnDrift(column: string, kind: ColumnKind, counts: CategoryCounts, override: ColumnDriftOverride = {}): ColumnDrift {
  const summary = categorySummary(counts);
  const { test, threshold } = chosenTest(column, kind, summary, override);
  return driftOf(column, test, threshold, countTest(column, test, counts), summary);
}

interface Summary extends SampleSizes {
  /** Distinct non-missing values over both samples; for numeric columns counted up to FEW_VALUES_MAX + 1. */
  distinctValues: number;
}

interface Score {
  statistic: number;
  pValue: number | null;
}

function chosenTest(column: string, kind: ColumnKind, summary: Summary, override: ColumnDriftOverride): { test: DriftTest; threshold: number } {
  const test = override.test ?? defaultDriftTest(kind, summary.referenceSize, summary.distinctValues);
  if (!DRIFT_TESTS[test].kinds.includes(kind)) {
    throw new RangeError(`column ${column}: test ${test} does not apply to a ${kind} column (use one of ${testsFor(kind)})`);
  }
  return { test, threshold: driftThreshold(column, test, override.threshold) };
}

function driftOf(column: string, test: DriftTest, threshold: number, { statistic, pValue }: Score, summary: Summary): ColumnDrift {
  const { distinctValues, ...sizes } = summary;
  return { column, test, statistic, pValue, threshold, ...sizes, drifted: pValue !== null ? pValue < threshold : statistic >= threshold, binned: false };
}

function valueTest(test: 'ks' | 'wasserstein' | 'psi', reference: PresentValues, current: PresentValues): Score {
  if (test === 'ks') {
    const { statistic, pValue } = ksTwoSampleOfPresent(reference, current);
    return { statistic, pValue };
  }
  const result =
    test === 'wasserstein' ? wassersteinNormalisedOfPresent(reference, current) : populationStabilityIndex(reference.values, current.values);
  return { statistic: result.statistic, pValue: null };
}

function countTest(column: string, test: DriftTest, counts: { reference: Float64Array; current: Float64Array }): Score {
  const { reference, current } = counts;
  switch (test) {
    case 'chi_square': {
      const { statistic, pValue } = chiSquareHomogeneity(reference, current);
      return { statistic, pValue };
    }
    case 'z_test': {
      if (reference.length > 2) throw new RangeError(`column ${column}: the Z-test compares two categories, and this column has ${reference.length}`);
      const { statistic, pValue } = twoProportionZTest(reference[0], sum(reference), current[0], sum(current));
      return { statistic, pValue };
    }
    case 'jensen_shannon':
      return { statistic: jensenShannonDistance(reference, current), pValue: null };
    case 'l_infinity':
      return { statistic: lInfinityDistance(reference, current), pValue: null };
    default:
      throw new RangeError(`column ${column}: test ${test} needs the values, not counts`);
  }
}

function categorySummary(counts: CategoryCounts): Summary {
  return {
    distinctValues: counts.categories.length,
    referenceSize: sum(counts.reference),
    currentSize: sum(counts.current),
    referenceMissing: counts.referenceMissing,
    currentMissing: counts.currentMissing,
  };
}

function numericSummary(reference: PresentValues, current: PresentValues): Summary {
  const a = reference.values;
  const b = current.values;
  let distinctValues = 0;
  let i = 0;
  let j = 0;
  while ((i < a.length || j < b.length) && distinctValues <= FEW_VALUES_MAX) {
    const x = Math.min(i < a.length ? a[i] : Infinity, j < b.length ? b[j] : Infinity);
    while (i < a.length && a[i] === x) i += 1;
    while (j < b.length && b[j] === x) j += 1;
    distinctValues += 1;
  }
  return {
    distinctValues,
    referenceSize: a.length,
    currentSize: b.length,
    referenceMissing: reference.missing,
    currentMissing: current.missing,
  };
}

/** A numeric column as counts: per distinct value if there are few, else per reference decile. */
function numericCounts(reference: Float64Array, current: Float64Array, distinctValues: number): { reference: Float64Array; current: Float64Array } {
  if (distinctValues <= FEW_VALUES_MAX) return categoryCounts(reference, current);
  const edges = quantileBinEdges(reference, PSI_BINS);
  return {
    reference: addToBinnedColumn(emptyBinnedColumn(edges), reference).counts,
    current: addToBinnedColumn(emptyBinnedColumn(edges), current).counts,
  };
}

function sum(counts: Float64Array): number {
  return counts.reduce((total, count) => total + count, 0);
}

function testsFor(kind: ColumnKind): string {
  return (Object.keys(DRIFT_TESTS) as DriftTest[]).filter((test) => DRIFT_TESTS[test].kinds.includes(kind)).join(', ');
}
