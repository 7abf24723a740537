import type { BinnedColumn } from './binned-column';

/**
 * Buckets a numeric column's sketch may hold: 2048 buckets of [index, count] are about
 * 30 kB of JSON, so a part of 20 sketched columns stays near 600 kB, well under the 2 MB
 * Temporal allows an activity result.
 */
export const SKETCH_BUCKETS_MAX = 2048;

/**
 * A mergeable, deterministic histogram of a numeric column over a dyadic grid: bucket k
 * of exponent e is the interval ((k − 1)·2^e, k·2^e], so a value x falls in bucket
 * ⌈x / 2^e⌉. The grid depends on no data, only on e, and the grids nest: bucket k at
 * exponent e lies inside bucket ⌈k / 2⌉ at e + 1 (⌈⌈y⌉ / 2⌉ = ⌈y / 2⌉). So two sketches
 * merge exactly: coarsen both to the larger exponent, add the counts per bucket, and
 * coarsen further while more than `bucketsMax` buckets are occupied. The buckets of a
 * merge are those of the smallest exponent ≥ every input's at which all the values fit,
 * whatever the order of the merges: merging is associative and commutative, so a scan's
 * report does not depend on how its parts were spread over workers. (Only the running
 * mean and sum of squared deviations are floating-point sums that follow the order, and
 * the scan merges parts in their order.)
 *
 * Guarantees, deterministic (no sampling, no seed): every value lies in its bucket, so
 * - the q-quantile lies in the bucket sketchQuantile returns, of width 2^e;
 * - the empirical CDF at every bucket edge is exact, and between two edges it is off by
 *   at most the bucket's share of the values (the rank error of a value is at most its
 *   bucket's count);
 * - the normalised Wasserstein distance computed from two sketches is within the
 *   errorBound of binnedWassersteinNormalised (Σ pᵢwᵢ + Σ qᵢvᵢ over σ).
 * Count, missing values, minimum, maximum, mean and variance are exact (Chan, Golub &
 * LeVeque 1979, "Updating formulae and a pairwise algorithm for computing sample
 * variances", for the merge of the sums of squared deviations). Cf. the uniform-bucket
 * variant of the mergeable summaries of Agarwal et al. (2012), "Mergeable summaries",
 * PODS, and the dyadic bucketing of DDSketch (Masson, Rim & Lee 2019, VLDB 12(12)), here
 * with equal widths so that the Wasserstein bound scales with the column's spread.
 */
export interface NumericSketch {
  /** Bucket width 2^exponent. */
  exponent: number;
  /** [bucket index, count], ascending by index; only occupied buckets. */
  buckets: [number, number][];
  /** Present (non-NaN) values. */
  count: number;
  missing: number;
  min: number;
  max: number;
  mean: number;
  sumSquaredDeviations: number;
}

/** Bucket indices must stay exact integers: |x| / 2^e below 2^52. */
const INDEX_BITS = 52;
/** 2^−1074 is the smallest double. */
const SMALLEST_EXPONENT = -1074;
/** How much finer than an even spread over the range a sketch of sparse data (integers, rounded values) may go. */
const FINER_STEPS_MAX = 30;

/**
 * The values (NaN missing) as a sketch of at most `bucketsMax` buckets, at the finest
 * exponent where they fit: integers of a small range keep a bucket per integer.
 */
export function sketchOfValues(values: Float64Array, bucketsMax: number = SKETCH_BUCKETS_MAX): NumericSketch {
  const present = values.filter((value) => !Number.isNaN(value)).sort();
  // Run-length in place: typed arrays, since a part may hold millions of values.
  const distinct = new Float64Array(present.length);
  const weights = new Float64Array(present.length);
  let size = 0;
  for (let i = 0; i < present.length; i += 1) {
    if (size > 0 && distinct[size - 1] === present[i]) weights[size - 1] += 1;
    else {
      distinct[size] = present[i];
      weights[size] = 1;
      size += 1;
    }
  }
  return sketchOfDistinct(distinct.subarray(0, size), weights.subarray(0, size), values.length - present.length, bucketsMax);
}

/** Exact value counts ([value, count], any order) and missing values as a sketch, as sketchOfValues would make of the values. */
export function sketchOfCounts(counts: readonly [number, number][], missing: number, bucketsMax: number = SKETCH_BUCKETS_MAX): NumericSketch {
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  return sketchOfDistinct(
    Float64Array.from(sorted, ([value]) => value),
    Float64Array.from(sorted, ([, count]) => count),
    missing,
    bucketsMax,
  );
}

/** Distinct values, ascending, each with its count. */
function sketchOfDistinct(distinct: Float64Array, weights: Float64Array, missing: number, bucketsMax: number): NumericSketch {
  if (!Number.isSafeInteger(bucketsMax) || bucketsMax < 1) throw new RangeError(`bucketsMax must be a positive integer (got ${bucketsMax})`);
  if (distinct.length === 0) return { exponent: 0, buckets: [], count: 0, missing, min: Infinity, max: -Infinity, mean: 0, sumSquaredDeviations: 0 };
  const min = distinct[0];
  const max = distinct[distinct.length - 1];
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError('a sketch holds finite values; use NaN for a missing value');
  const largest = Math.max(Math.abs(min), Math.abs(max));
  const floorExponent = largest === 0 ? SMALLEST_EXPONENT : Math.max(SMALLEST_EXPONENT, Math.ceil(Math.log2(largest)) - INDEX_BITS);
  // At this exponent the range spans at most bucketsMax buckets of width ≥ range / bucketsMax, plus one for the alignment.
  const spreadExponent = max === min ? floorExponent : Math.ceil(Math.log2((max - min) / bucketsMax));
  let exponent = Math.max(floorExponent, spreadExponent);
  while (occupiedBuckets(distinct, exponent) > bucketsMax) exponent += 1;
  for (let step = 0; step < FINER_STEPS_MAX && exponent - 1 >= floorExponent && occupiedBuckets(distinct, exponent - 1) <= bucketsMax; step += 1) exponent -= 1;
  let count = 0;
  let mean = 0;
  let sumSquaredDeviations = 0;
  const width = 2 ** exponent;
  const buckets: [number, number][] = [];
  for (let i = 0; i < distinct.length; i += 1) {
    const value = distinct[i];
    const weight = weights[i];
    count += weight;
    const delta = value - mean;
    mean += (delta * weight) / count;
    sumSquaredDeviations += weight * delta * (value - mean);
    const index = Math.ceil(value / width);
    const last = buckets[buckets.length - 1];
    if (last && last[0] === index) last[1] += weight;
    else buckets.push([index, weight]);
  }
  return { exponent, buckets, count, missing, min, max, mean, sumSquaredDeviations };
}

/** The two sketches as one, at most `bucketsMax` buckets; exact per bucket, whatever the order (see NumericSketch). */
export function mergeNumericSketches(a: NumericSketch, b: NumericSketch, bucketsMax: number = SKETCH_BUCKETS_MAX): NumericSketch {
  // A part without values has no grid of its own: it must not coarsen the other's.
  if (a.count === 0) return { ...b, buckets: coarsened(b.buckets, 0), missing: a.missing + b.missing };
  if (b.count === 0) return { ...a, buckets: coarsened(a.buckets, 0), missing: a.missing + b.missing };
  const exponent = Math.max(a.exponent, b.exponent);
  const added = new Map<number, number>();
  for (const sketch of [a, b]) for (const [index, count] of coarsened(sketch.buckets, exponent - sketch.exponent)) added.set(index, (added.get(index) ?? 0) + count);
  let buckets = [...added].sort((x, y) => x[0] - y[0]);
  let merged = exponent;
  while (buckets.length > bucketsMax) {
    buckets = coarsened(buckets, 1);
    merged += 1;
  }
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  const mean = a.mean + (delta * b.count) / count;
  const sumSquaredDeviations = a.sumSquaredDeviations + b.sumSquaredDeviations + (delta * delta * a.count * b.count) / count;
  return { exponent: merged, buckets, count, missing: a.missing + b.missing, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), mean, sumSquaredDeviations };
}

/**
 * The interval holding the q-quantile (the smallest value with at least q·count values ≤ it,
 * q in [0, 1]): its bucket, narrowed to the sketch's minimum and maximum.
 */
export function sketchQuantile(sketch: NumericSketch, q: number): { low: number; high: number } {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1] (got ${q})`);
  if (sketch.count === 0) throw new RangeError('the sketch holds no values');
  const rank = Math.max(1, Math.ceil(q * sketch.count));
  const width = 2 ** sketch.exponent;
  let seen = 0;
  for (const [index, count] of sketch.buckets) {
    seen += count;
    if (seen >= rank) return { low: Math.max((index - 1) * width, sketch.min), high: Math.min(index * width, sketch.max) };
  }
  return { low: sketch.max, high: sketch.max };
}

/**
 * Both sketches as histograms over the same edges (every edge of a bucket either occupies,
 * at the coarser exponent of the two), for binnedColumnDrift and binnedWassersteinNormalised:
 * BinnedColumn's bins (eᵢ₋₁, eᵢ] are the sketches' buckets, and the empty bins between them.
 */
export function binnedColumnsOfSketches(reference: NumericSketch, current: NumericSketch): { reference: BinnedColumn; current: BinnedColumn } {
  const exponent = Math.max(reference.exponent, current.exponent);
  const width = 2 ** exponent;
  const referenceBuckets = coarsened(reference.buckets, exponent - reference.exponent);
  const currentBuckets = coarsened(current.buckets, exponent - current.exponent);
  const indices = [...new Set([...referenceBuckets, ...currentBuckets].flatMap(([index]) => [index - 1, index]))].sort((x, y) => x - y);
  const edges = Float64Array.from(indices, (index) => index * width);
  // Bin i is (edges[i − 1], edges[i]]: bucket k, whose upper edge is k·width, is bin indices.indexOf(k).
  const position = new Map(indices.map((index, i) => [index, i]));
  const binned = (sketch: NumericSketch, buckets: [number, number][]): BinnedColumn => {
    const counts = new Float64Array(edges.length + 1);
    for (const [index, count] of buckets) counts[position.get(index)!] += count;
    const { count, missing, min, max, mean, sumSquaredDeviations } = sketch;
    return { edges, counts, count, missing, min, max, mean, sumSquaredDeviations };
  };
  return { reference: binned(reference, referenceBuckets), current: binned(current, currentBuckets) };
}

/**
 * The Kolmogorov–Smirnov distance of two sketches, sup |F − G|, within `errorBound`: both
 * CDFs are exact at every bucket edge, where `statistic` is taken; inside a bin each rises
 * by at most its share, so the supremum exceeds `statistic` by at most the largest
 * pᵢ + qᵢ of a bin (a lower bound, then, and the bound of its error).
 */
export function ksDistanceOfSketches(reference: NumericSketch, current: NumericSketch): { statistic: number; gap: number; errorBound: number } {
  const bins = binnedColumnsOfSketches(reference, current);
  const n1 = reference.count;
  const n2 = current.count;
  // F − G = (i·n₂ − j·n₁) / (n₁n₂) after i and j values: the integer numerator, as ksTwoSamplePValue takes it.
  let i = 0;
  let j = 0;
  let gap = 0;
  let errorBound = 0;
  for (let bin = 0; bin < bins.reference.counts.length; bin += 1) {
    i += bins.reference.counts[bin];
    j += bins.current.counts[bin];
    gap = Math.max(gap, Math.abs(i * n2 - j * n1));
    errorBound = Math.max(errorBound, bins.reference.counts[bin] / n1 + bins.current.counts[bin] / n2);
  }
  return { statistic: gap / (n1 * n2), gap, errorBound };
}

function occupiedBuckets(sorted: Float64Array, exponent: number): number {
  const width = 2 ** exponent;
  let occupied = 0;
  let last = Number.NaN;
  for (const value of sorted) {
    const index = Math.ceil(value / width);
    if (index !== last) {
      occupied += 1;
      last = index;
    }
  }
  return occupied;
}

/** Ascending buckets coarsened by 2^steps (bucket k → ⌈k / 2^steps⌉), still ascending. */
function coarsened(buckets: readonly [number, number][], steps: number): [number, number][] {
  if (steps === 0) return buckets.map(([index, count]) => [index, count]);
  const factor = 2 ** steps;
  const result: [number, number][] = [];
  for (const [index, count] of buckets) {
    const coarse = Math.ceil(index / factor);
    const last = result[result.length - 1];
    if (last && last[0] === coarse) last[1] += count;
    else result.push([coarse, count]);
  }
  return result;
}
