import { countStrictlyBelowIn } from './count-strictly-below';

/**
 * A numeric column summarised in one pass over fixed bin edges: counts per bin, missing
 * values, and the running minimum, maximum, mean and sum of squared deviations (Welford
 * 1962, "Note on a method for calculating corrected sums of squares and products",
 * Technometrics 4(3)). Built chunk by chunk, it serves data too large to hold or sort:
 * fix the edges once from the reference (quantileBinEdges), bin the reference and every
 * current window with them, and compare the histograms:
 * - PSI over the bins (populationStabilityIndexOfCounts): identical to the exact PSI,
 *   which is defined over these same bins;
 * - Jensen–Shannon distance of the counts (jensenShannonDistance): exact for the bins;
 * - Wasserstein (binnedWassersteinNormalised): approximate, within a reported bound.
 * Bin 0 is (−∞, e₀], bin i is (eᵢ₋₁, eᵢ], the last (e_last, ∞).
 */
export interface BinnedColumn {
  /** Interior bin edges, ascending and distinct. */
  readonly edges: Float64Array;
  /** Values per bin; edges.length + 1 bins. */
  readonly counts: Float64Array;
  /** Non-missing values seen. */
  readonly count: number;
  /** NaN values seen and left out. */
  readonly missing: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Σ (x − mean)², so that the population variance is sumSquaredDeviations / count. */
  readonly sumSquaredDeviations: number;
}

/** A column with no values yet, over the given interior edges (ascending, distinct, finite). */
export function emptyBinnedColumn(edges: Float64Array): BinnedColumn {
  edges.forEach((edge, i) => {
    if (!Number.isFinite(edge) || (i > 0 && !(edge > edges[i - 1]))) {
      throw new RangeError(`edges must be finite and strictly ascending (edges[${i}] = ${edge})`);
    }
  });
  return {
    edges: Float64Array.from(edges),
    counts: new Float64Array(edges.length + 1),
    count: 0,
    missing: 0,
    min: Infinity,
    max: -Infinity,
    mean: 0,
    sumSquaredDeviations: 0,
  };
}

/** The column with a chunk of values added (NaN counted as missing); the input is unchanged. */
export function addToBinnedColumn(column: BinnedColumn, chunk: ArrayLike<number>): BinnedColumn {
  const { edges } = column;
  const counts = Float64Array.from(column.counts);
  const binOf = countStrictlyBelowIn(edges);
  let { count, missing, min, max, mean, sumSquaredDeviations } = column;
  for (let i = 0; i < chunk.length; i += 1) {
    const value = chunk[i];
    if (Number.isNaN(value)) {
      missing += 1;
      continue;
    }
    if (!Number.isFinite(value)) throw new RangeError(`chunk[${i}] is infinite; use NaN for a missing value`);
    const bin = binOf(value);
    counts[bin] += 1;
    count += 1;
    if (value < min) min = value;
    if (value > max) max = value;
    const delta = value - mean;
    mean += delta / count;
    sumSquaredDeviations += delta * (value - mean);
  }
  return { edges, counts, count, missing, min, max, mean, sumSquaredDeviations };
}

/** Throws a RangeError unless both columns were binned over the same edges, so their bins compare. */
export function assertSameEdges(reference: BinnedColumn, current: BinnedColumn): void {
  const same = reference.edges.length === current.edges.length && reference.edges.every((edge, i) => edge === current.edges[i]);
  if (!same) throw new RangeError('reference and current must be binned over the same edges');
}
