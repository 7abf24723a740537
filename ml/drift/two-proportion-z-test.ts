import { regularizedGammaQ } from './regularized-gamma-q';

export interface TwoProportionZTest {
  /** z; positive when the reference proportion is the larger. */
  statistic: number;
  /** Two-sided p-value; drift when below the threshold (0.05 by default). */
  pValue: number;
}

/**
 * Two-proportion Z-test, pooled, two-sided: with p₁ = x₁/n₁ (reference), p₂ = x₂/n₂
 * (current) and the pooled proportion p̂ = (x₁ + x₂)/(n₁ + n₂),
 *
 *   z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),   p = 2·(1 − Φ(|z|)) = erfc(|z|/√2) = Q(½, z²/2).
 *
 * The tail is computed as Q(½, z²/2) (regularised upper incomplete gamma), accurate in
 * relative terms far into the tail, where 2·(1 − Φ(|z|)) would round to 0; it equals
 * 2·scipy.stats.norm.sf(|z|). When every value falls in one category (p̂ = 0 or 1) the
 * samples cannot differ: z = 0, p = 1 (as Evidently). This is Evidently's test for binary
 * columns of reference ≤ 1000 rows; default threshold: drift when p < 0.05.
 * Reference: Fleiss, Levin & Paik (2003), Statistical Methods for Rates and Proportions,
 * 3rd ed., §3.2 (without continuity correction).
 */
export function twoProportionZTest(
  referenceSuccesses: number,
  referenceSize: number,
  currentSuccesses: number,
  currentSize: number,
): TwoProportionZTest {
  checkCount(referenceSize, 'referenceSize', Infinity);
  checkCount(currentSize, 'currentSize', Infinity);
  if (referenceSize === 0) throw new RangeError('referenceSize is 0: the reference sample is empty');
  if (currentSize === 0) throw new RangeError('currentSize is 0: the current sample is empty');
  checkCount(referenceSuccesses, 'referenceSuccesses', referenceSize);
  checkCount(currentSuccesses, 'currentSuccesses', currentSize);
  const pooled = (referenceSuccesses + currentSuccesses) / (referenceSize + currentSize);
  if (pooled === 0 || pooled === 1) return { statistic: 0, pValue: 1 };
  const difference = referenceSuccesses / referenceSize - currentSuccesses / currentSize;
  const statistic = difference / Math.sqrt(pooled * (1 - pooled) * (1 / referenceSize + 1 / currentSize));
  return { statistic, pValue: regularizedGammaQ(0.5, (statistic * statistic) / 2) };
}

function checkCount(value: number, name: string, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer from 0${Number.isFinite(max) ? ` to ${max}` : ''} (got ${value})`);
  }
}
