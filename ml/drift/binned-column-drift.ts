import { assertSameEdges, type BinnedColumn } from './binned-column';
import { binnedWassersteinNormalised } from './binned-wasserstein';
import type { ColumnDrift, DriftTest } from '../../domain/drift';
import type { ColumnDriftOverride } from './column-drift';
import { driftThreshold } from './drift-tests';
import { jensenShannonDistance } from './jensen-shannon';
import { populationStabilityIndexOfCounts } from './psi-of-counts';

/** The tests a histogram supports; ks needs the values themselves. */
export const BINNED_DRIFT_TESTS: readonly DriftTest[] = ['wasserstein', 'psi', 'jensen_shannon'];

/**
 * Drift of a numeric column summarised as histograms over the same reference edges
 * (BinnedColumn), for data too large to hold or sort. The default test is the large-data
 * one, normalised Wasserstein (threshold 0.1), computed from the bins and therefore
 * approximate within binnedWassersteinNormalised's error bound; psi and jensen_shannon are
 * exact for the bins (PSI equals populationStabilityIndex on the values when the edges are
 * the reference's deciles). The result is marked binned: true, with the Wasserstein
 * distance's error bound (0 for the tests exact on the bins).
 */
export function binnedColumnDrift(
  column: string,
  reference: BinnedColumn,
  current: BinnedColumn,
  override: ColumnDriftOverride = {},
): ColumnDrift {
  const test = override.test ?? 'wasserstein';
  if (!BINNED_DRIFT_TESTS.includes(test)) {
    throw new RangeError(`column ${column}: test ${test} needs the values; from bins use one of ${BINNED_DRIFT_TESTS.join(', ')}`);
  }
  const threshold = driftThreshold(column, test, override.threshold);
  assertSameEdges(reference, current);
  if (reference.count === 0) throw new RangeError(`column ${column}: reference has no values to compare`);
  if (current.count === 0) throw new RangeError(`column ${column}: current has no values to compare`);
  // Only the Wasserstein distance differs from its value on the values; PSI and Jensen–Shannon are defined on the bins.
  const { statistic, errorBound } =
    test === 'wasserstein'
      ? binnedWassersteinNormalised(reference, current)
      : test === 'psi'
        ? { statistic: populationStabilityIndexOfCounts(reference.counts, current.counts), errorBound: 0 }
        : { statistic: jensenShannonDistance(reference.counts, current.counts), errorBound: 0 };
  return {
    column,
    test,
    statistic,
    pValue: null,
    threshold,
    referenceSize: reference.count,
    currentSize: current.count,
    referenceMissing: reference.missing,
    currentMissing: current.missing,
    drifted: statistic >= threshold,
    binned: true,
    errorBound,
  };
}
