import type { ColumnDriftResult } from '../../domain/drift';
import { binnedColumnDrift } from './binned-column-drift';
import { columnQuality } from './column-quality';
import { FEW_VALUES_MAX, defaultDriftTest } from './default-drift-test';
import { driftThreshold } from './drift-tests';
import { emptyHistogramOverReference, histogramBin, numericDriftHistogram, type EqualWidthHistogram } from './drift-histogram';
import { ksTwoSamplePValue } from './ks-two-sample';
import { binnedColumnsOfSketches, ksDistanceOfSketches, type NumericSketch } from './numeric-sketch';

/**
 * A numeric column's drift from sketches of both samples (NumericSketch), for samples
 * whose values are too many to gather: the test is Evidently's default for a column of
 * many distinct values (a sketched column has more than a part's budget of them), chosen by
 * the reference's size: normalised Wasserstein past 1000 rows, from the sketches' buckets
 * as bins (binnedColumnDrift), or Kolmogorov–Smirnov up to 1000 rows, its distance taken at
 * the buckets' edges and its p-value from that distance (ksDistanceOfSketches). Either way
 * the result is binned: true and carries the errorBound the sketches prove for the
 * statistic. The report's histogram is drawn from the buckets, each at its middle, so a bar
 * may be off by the values of one bucket at its edge. Both samples need
 * `minimumSampleSize` present values to be tested; the reference needs at least one.
 */
export function sketchedColumnDrift(name: string, reference: NumericSketch, current: NumericSketch, minimumSampleSize: number): ColumnDriftResult {
  if (reference.count === 0) throw new RangeError(`column ${name}: reference has no values to compare`);
  const test = defaultDriftTest('numeric', reference.count, FEW_VALUES_MAX + 1);
  const sizes = { referenceSize: reference.count, currentSize: current.count, referenceMissing: reference.missing, currentMissing: current.missing };
  const threshold = driftThreshold(name, test, undefined);
  const drawn = {
    kind: 'numeric' as const,
    histogram: numericDriftHistogram(...histogramsOfSketches(reference, current)),
    quality: columnQuality(name, { values: reference.count + reference.missing, missing: reference.missing }, { values: current.count + current.missing, missing: current.missing }),
  };
  if (reference.count < minimumSampleSize || current.count < minimumSampleSize) {
    const untested = { column: name, test, statistic: Number.NaN, pValue: null, threshold, ...sizes, drifted: false, binned: true, errorBound: 0 };
    return { ...untested, ...drawn, status: 'NOT_ENOUGH_DATA', minimumSampleSize };
  }
  if (test === 'ks') {
    const { statistic, gap, errorBound } = ksDistanceOfSketches(reference, current);
    const { pValue } = ksTwoSamplePValue(reference.count, current.count, gap);
    return { column: name, test, statistic, pValue, threshold, ...sizes, drifted: pValue < threshold, binned: true, errorBound, ...drawn, status: 'TESTED', minimumSampleSize };
  }
  const bins = binnedColumnsOfSketches(reference, current);
  return { ...binnedColumnDrift(name, bins.reference, bins.current), ...drawn, status: 'TESTED', minimumSampleSize };
}

/** Both sketches drawn over the report's equal-width bins of the reference's range, each bucket's count at its middle. */
function histogramsOfSketches(reference: NumericSketch, current: NumericSketch): [EqualWidthHistogram, EqualWidthHistogram] {
  const bins = emptyHistogramOverReference(Float64Array.of(reference.min, reference.max));
  return [reference, current].map((sketch) => {
    const counts = new Float64Array(bins.counts.length);
    const width = 2 ** sketch.exponent;
    for (const [index, count] of sketch.buckets) {
      const middle = Math.min(sketch.max, Math.max(sketch.min, (index - 0.5) * width));
      counts[histogramBin(bins, middle)] += count;
    }
    return { edges: bins.edges, counts };
  }) as [EqualWidthHistogram, EqualWidthHistogram];
}
