import { kolmogorovSmirnovSurvival } from './kolmogorov-distribution';
import { ksTwoSampleExactPValue } from './ks-two-sample-exact';
import type { SampleSizes } from '../../domain/drift';
import { sortedPresentValues, type PresentValues } from './present-values';

/** Above this many values in the larger sample, the p-value is asymptotic (scipy's MAX_AUTO_N). */
export const KS_EXACT_MAX_SIZE = 10000;

export interface KsTwoSample extends SampleSizes {
  /** D = supₓ |F_reference(x) − F_current(x)|, in [0, 1]. */
  statistic: number;
  /** Two-sided p-value; drift when below the threshold (0.05 by default). */
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided (Smirnov 1939; Hodges 1958):
 *
 *   D = supₓ |F₁(x) − F₂(x)|,
 *
 * F₁, F₂ the empirical CDFs of the reference and current values (missing values, NaN,
 * left out and counted). Ties are handled as scipy does: both CDFs are evaluated after
 * every occurrence of a value. Default threshold: drift when p < 0.05 (Evidently).
 *
 * The p-value follows scipy.stats.ks_2samp(method='auto'), scipy 1.17:
 * - max(n₁, n₂) ≤ 10000: exact, by counting lattice paths (ksTwoSampleExactPValue), and
 *   asymptotic only if that computation fails numerically;
 * - otherwise asymptotic: P(D_N ≥ D) for the one-sample Kolmogorov distribution with
 *   N = round(n₁n₂ / (n₁ + n₂)) (round half to even, as numpy), i.e. scipy.stats.kstwo.sf,
 *   which is closer than the limiting Kolmogorov distribution K(D√N).
 * The exact p-value assumes a continuous distribution; with ties it is conservative.
 * D is computed in integers, exactly, while n₁·n₂ < 2⁵³.
 * Reference: Hodges, J. L. (1958), "The significance probability of the Smirnov two-sample
 * test", Arkiv för Matematik 3(43), 469–486.
 */
export function ksTwoSample(reference: Float64Array, current: Float64Array): KsTwoSample {
  return ksTwoSampleOfPresent(sortedPresentValues(reference, 'reference'), sortedPresentValues(current, 'current'));
}

/** ksTwoSample of samples already sorted without their missing values, so a caller that sorted them once need not sort again. */
export function ksTwoSampleOfPresent(first: PresentValues, second: PresentValues): KsTwoSample {
  const a = first.values;
  const b = second.values;
  const n1 = a.length;
  const n2 = b.length;
  // F₁ − F₂ = (i·n₂ − j·n₁) / (n₁n₂) after i and j values: track the integer numerator.
  let gap = 0;
  let i = 0;
  let j = 0;
  while (i < n1 && j < n2) {
    const x = Math.min(a[i], b[j]);
    while (i < n1 && a[i] === x) i += 1;
    while (j < n2 && b[j] === x) j += 1;
    gap = Math.max(gap, Math.abs(i * n2 - j * n1));
  }
  const sizes = { referenceSize: n1, currentSize: n2, referenceMissing: first.missing, currentMissing: second.missing };
  return { statistic: gap / (n1 * n2), ...ksTwoSamplePValue(n1, n2, gap), ...sizes };
}

/**
 * The two-sided p-value of D = gap / (n₁n₂) for samples of n₁ and n₂ values, gap the
 * integer max |i·n₂ − j·n₁|: exact up to KS_EXACT_MAX_SIZE values in the larger sample,
 * else asymptotic, as ksTwoSample describes. Shared by every way of finding the gap.
 */
export function ksTwoSamplePValue(n1: number, n2: number, gap: number): { pValue: number; method: 'exact' | 'asymptotic' } {
  const exact = Math.max(n1, n2) <= KS_EXACT_MAX_SIZE ? ksTwoSampleExactPValue(n1, n2, gap) : null;
  if (exact !== null) return { pValue: exact, method: 'exact' };
  const effectiveSize = roundHalfToEven((Math.max(n1, n2) * Math.min(n1, n2)) / (n1 + n2));
  return { pValue: kolmogorovSmirnovSurvival(effectiveSize, gap / (n1 * n2)), method: 'asymptotic' };
}

function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}
