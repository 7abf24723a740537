import { countTotal } from './count-total';

/**
 * L-infinity (Chebyshev) distance between two categorical distributions given as counts
 * over the same categories:
 *
 *   L∞(p, q) = maxᵢ |pᵢ − qᵢ|,   pᵢ = referenceᵢ / Σ reference,  qᵢ = currentᵢ / Σ current,
 *
 * in [0, 1]: the largest change in any one category's share. It is the distance
 * TensorFlow Data Validation and Vertex AI Model Monitoring use for categorical features
 * (https://cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/ThresholdConfig).
 * Default threshold here: drift when ≥ 0.1, ten percentage points in one category
 * (Vertex AI leaves the threshold to the user).
 */
export function lInfinityDistance(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  if (referenceCounts.length !== currentCounts.length) {
    throw new RangeError(`referenceCounts has ${referenceCounts.length} categories but currentCounts has ${currentCounts.length}`);
  }
  const referenceTotal = countTotal(referenceCounts, 'referenceCounts');
  const currentTotal = countTotal(currentCounts, 'currentCounts');
  let distance = 0;
  for (let i = 0; i < referenceCounts.length; i += 1) {
    distance = Math.max(distance, Math.abs(referenceCounts[i] / referenceTotal - currentCounts[i] / currentTotal));
  }
  return distance;
}
