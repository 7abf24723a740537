import { sortedPresentValues } from './present-values';

/**
 * Interior edges of `bins` equal-frequency bins of the reference values: the quantiles at
 * k / bins, k = 1 … bins − 1, by linear interpolation between order statistics (Hyndman &
 * Fan 1996 type 7, numpy.quantile's default 'linear', reproduced operation for operation):
 *
 *   h = (n − 1)·q,  Q(q) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎),
 *
 * then de-duplicated, as numpy.unique, so heavy ties give fewer, wider bins. Bin 0 is
 * (−∞, e₀], bin i is (eᵢ₋₁, eᵢ], the last is (e_last, ∞) (numpy.searchsorted side='left').
 * Missing values (NaN) are left out. Reference: Hyndman, R. J. & Fan, Y. (1996), "Sample
 * quantiles in statistical packages", The American Statistician 50(4), 361–365.
 */
export function quantileBinEdges(reference: Float64Array, bins: number): Float64Array {
  return quantileBinEdgesOfSorted(sortedPresentValues(reference, 'reference').values, bins);
}

/** quantileBinEdges of reference values already sorted ascending without missing ones (sortedPresentValues), so they are not sorted again. */
export function quantileBinEdgesOfSorted(sorted: Float64Array, bins: number): Float64Array {
  if (!Number.isSafeInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer (got ${bins})`);
  const n = sorted.length;
  const edges: number[] = [];
  for (let k = 1; k < bins; k += 1) {
    const index = (n - 1) * (k / bins);
    let edge: number;
    if (index >= n - 1) {
      edge = sorted[n - 1];
    } else {
      const below = Math.floor(index);
      const fraction = index - below;
      const step = sorted[below + 1] - sorted[below];
      // numpy interpolates from the nearer neighbour, so that the result is exact at either end.
      edge = fraction >= 0.5 ? sorted[below + 1] - step * (1 - fraction) : sorted[below] + step * fraction;
    }
    edges.push(edge);
  }
  edges.sort((a, b) => a - b);
  return Float64Array.from(edges.filter((edge, i) => i === 0 || edge !== edges[i - 1]));
}
