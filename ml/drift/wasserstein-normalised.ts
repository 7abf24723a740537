import type { SampleSizes } from '../../domain/drift';
import { sortedPresentValues, type PresentValues } from './present-values';

/** The smallest reference standard deviation divided by, as in Evidently: max(σ, 0.001). */
export const WASSERSTEIN_MIN_SCALE = 0.001;

export interface WassersteinNormalised extends SampleSizes {
  /** W₁ / max(σ_reference, 0.001); drift when ≥ the threshold (0.1 by default). */
  statistic: number;
  /** W₁ in the column's units. */
  distance: number;
  /** Population standard deviation of the reference values (numpy's np.std, ddof = 0). */
  referenceStandardDeviation: number;
}

/**
 * First Wasserstein (earth mover's) distance between the empirical distributions of the
 * reference and current values, divided by the reference standard deviation:
 *
 *   W₁ = ∫ |F_reference(x) − F_current(x)| dx,   statistic = W₁ / max(σ_reference, 0.001),
 *
 * computed exactly over the merged sorted values (O((n + m) log(n + m))); matches
 * scipy.stats.wasserstein_distance(reference, current) / np.std(reference). Missing
 * values (NaN) are left out and counted. A constant reference (σ = 0) is divided by
 * 0.001 instead, as Evidently does, so any shift of a thousandth of a unit or more per
 * value drifts: pick a per-column threshold for such columns. Default threshold: drift
 * when ≥ 0.1 (Evidently's default for numeric columns of reference > 1000 rows).
 * Reference: Ramdas, García Trillos & Cuturi (2017), "On Wasserstein two-sample testing
 * and related families of nonparametric tests", Entropy 19(2), 47.
 */
export function wassersteinNormalised(reference: Float64Array, current: Float64Array): WassersteinNormalised {
  return wassersteinNormalisedOfPresent(sortedPresentValues(reference, 'reference'), sortedPresentValues(current, 'current'));
}

/** wassersteinNormalised of samples already sorted without their missing values, so a caller that sorted them once need not sort again. */
export function wassersteinNormalisedOfPresent(first: PresentValues, second: PresentValues): WassersteinNormalised {
  const distance = sortedWassersteinDistance(first.values, second.values);
  const referenceStandardDeviation = populationStandardDeviation(first.values);
  return {
    statistic: distance / Math.max(referenceStandardDeviation, WASSERSTEIN_MIN_SCALE),
    distance,
    referenceStandardDeviation,
    referenceSize: first.values.length,
    currentSize: second.values.length,
    referenceMissing: first.missing,
    currentMissing: second.missing,
  };
}

function sortedWassersteinDistance(u: Float64Array, v: Float64Array): number {
  const n = u.length;
  const m = v.length;
  let i = 0;
  let j = 0;
  let previous = Math.min(u[0], v[0]);
  let distance = 0;
  while (i < n || j < m) {
    const x = Math.min(i < n ? u[i] : Infinity, j < m ? v[j] : Infinity);
    distance += Math.abs(i / n - j / m) * (x - previous);
    while (i < n && u[i] === x) i += 1;
    while (j < m && v[j] === x) j += 1;
    previous = x;
  }
  return distance;
}

/**
 * √(Σ(x − x̄)² / n), two passes over the values: no copy into an array, which for a million
 * values cost more than the distance itself. Shared with wassersteinNormalisedOfCounts so
 * that both divide by the very same σ.
 */
export function populationStandardDeviation(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i += 1) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / values.length);
}
