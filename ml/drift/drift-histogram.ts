import type { DriftHistogram } from '../../domain/drift';
import type { CategoryCounts } from './category-counts';

/** Bars per numeric histogram: enough to show a shape, few enough to read. */
export const HISTOGRAM_BINS = 20;
/** Categories drawn per categorical histogram; the rest are counted as other. */
export const HISTOGRAM_CATEGORIES = 20;

/**
 * Counts of a numeric sample over equal-width bins, built chunk by chunk: the picture a
 * drift report draws, not a statistic (the tests bin differently, by quantiles). Bin i is
 * [edges[i], edges[i+1]); values below the first edge go to the first bin, values from the
 * last edge on to the last, so a current sample outside the reference's range still shows.
 */
export interface EqualWidthHistogram {
  /** Bin boundaries, ascending; one more than the bins. */
  readonly edges: Float64Array;
  readonly counts: Float64Array;
}

/**
 * HISTOGRAM_BINS equal-width bins over the reference's minimum to maximum (NaN left out).
 * A constant reference has no width to divide: it gets one bin [v, v], into which every
 * value is clamped. Throws a RangeError when the reference has no value.
 */
export function emptyHistogramOverReference(reference: Float64Array, bins: number = HISTOGRAM_BINS): EqualWidthHistogram {
  if (!Number.isSafeInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer (got ${bins})`);
  let min = Infinity;
  let max = -Infinity;
  // An indexed loop: for…of over a Float64Array of 500 000 values took several times as long.
  for (let i = 0; i < reference.length; i += 1) {
    const value = reference[i];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError('reference has no finite values to draw the bins over');
  if (min === max) return { edges: Float64Array.of(min, max), counts: new Float64Array(1) };
  const width = (max - min) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  return { edges, counts: new Float64Array(bins) };
}

/** The histogram with a chunk of values added (NaN left out); the input is unchanged. */
export function addToHistogram(histogram: EqualWidthHistogram, chunk: ArrayLike<number>): EqualWidthHistogram {
  const { edges } = histogram;
  const counts = Float64Array.from(histogram.counts);
  for (let i = 0; i < chunk.length; i += 1) {
    const value = chunk[i];
    if (!Number.isNaN(value)) counts[histogramBin(histogram, value)] += 1;
  }
  return { edges, counts };
}

/** The bin of the histogram a (present) value is drawn in. */
export function histogramBin(histogram: EqualWidthHistogram, value: number): number {
  const { edges } = histogram;
  const last = histogram.counts.length - 1;
  const width = (edges[edges.length - 1] - edges[0]) / histogram.counts.length;
  let bin = width > 0 ? Math.min(last, Math.max(0, Math.floor((value - edges[0]) / width))) : 0;
  // The division can land one bin off an edge; the edges decide.
  while (bin > 0 && value < edges[bin]) bin -= 1;
  while (bin < last && value >= edges[bin + 1]) bin += 1;
  return bin;
}

/** The report's numeric histogram: both samples over the reference's bins. */
export function numericDriftHistogram(reference: EqualWidthHistogram, current: EqualWidthHistogram): Extract<DriftHistogram, { kind: 'numeric' }> {
  const sameEdges = reference.edges.length === current.edges.length && reference.edges.every((edge, i) => edge === current.edges[i]);
  if (!sameEdges) throw new RangeError('reference and current must be counted over the same bins');
  return { kind: 'numeric', edges: Array.from(reference.edges), reference: Array.from(reference.counts), current: Array.from(current.counts) };
}

/**
 * The report's categorical histogram: the `limit` categories most frequent over both
 * samples together (ties in the counts' category order), the rest summed as other.
 */
export function categoricalDriftHistogram(counts: CategoryCounts, limit: number = HISTOGRAM_CATEGORIES): Extract<DriftHistogram, { kind: 'categorical' }> {
  const order = counts.categories
    .map((_, i) => i)
    .sort((a, b) => counts.reference[b] + counts.current[b] - (counts.reference[a] + counts.current[a]) || a - b);
  const shown = order.slice(0, limit);
  const other = (side: Float64Array) => order.slice(limit).reduce((sum, i) => sum + side[i], 0);
  return {
    kind: 'categorical',
    categories: shown.map((i) => counts.categories[i]),
    reference: shown.map((i) => counts.reference[i]),
    current: shown.map((i) => counts.current[i]),
    referenceOther: other(counts.reference),
    currentOther: other(counts.current),
  };
}
