import { ksTwoSamplePValue, type KsTwoSample } from './ks-two-sample';
import { sortedPresentValues } from './present-values';
import { countStrictlyBelow } from './count-strictly-below';

/**
 * A current sample counted at the distinct values of a reference sample: all that the
 * two-sample Kolmogorov–Smirnov statistic needs of it. With r₀ < r₁ < … < r_{m−1} the
 * reference's distinct values, `between[k]` counts current values in (r_{k−1}, r_k)
 * (between[0] those below r₀, between[m] those above r_{m−1}) and `at[k]` those equal to
 * r_k. Its size depends on the reference (m + 1 + m counts), not on the current sample, so
 * a window of millions of values is counted in bounded memory, chunk by chunk.
 */
export interface KsCurrentCounts {
  /** The reference's distinct non-missing values, ascending. */
  readonly steps: Float64Array;
  readonly between: Float64Array;
  readonly at: Float64Array;
  /** Non-missing values counted. */
  readonly count: number;
  /** NaN values seen and left out. */
  readonly missing: number;
}

/** No current values yet, counted at the distinct values of `reference` (NaN left out). */
export function emptyKsCurrentCounts(reference: Float64Array): KsCurrentCounts {
  const sorted = sortedPresentValues(reference, 'reference').values;
  const steps = Float64Array.from(sorted.filter((value, i) => i === 0 || value !== sorted[i - 1]));
  return { steps, between: new Float64Array(steps.length + 1), at: new Float64Array(steps.length), count: 0, missing: 0 };
}

/** The counts with a chunk of current values added (NaN counted as missing); the input is unchanged. */
export function addToKsCurrentCounts(counts: KsCurrentCounts, chunk: ArrayLike<number>): KsCurrentCounts {
  const { steps } = counts;
  const between = Float64Array.from(counts.between);
  const at = Float64Array.from(counts.at);
  let { count, missing } = counts;
  for (let i = 0; i < chunk.length; i += 1) {
    const value = chunk[i];
    if (Number.isNaN(value)) {
      missing += 1;
      continue;
    }
    if (!Number.isFinite(value)) throw new RangeError(`chunk[${i}] is infinite; use NaN for a missing value`);
    const k = countStrictlyBelow(steps, value);
    if (k < steps.length && steps[k] === value) at[k] += 1;
    else between[k] += 1;
    count += 1;
  }
  return { steps, between, at, count, missing };
}

/**
 * The two-sample Kolmogorov–Smirnov test of `reference` (the values) against a current
 * sample given as KsCurrentCounts over the same reference: equal to ksTwoSample on the
 * current values themselves, statistic and p-value alike. Both empirical CDFs are step
 * functions; between two reference values F_reference is flat while F_current rises, so
 * |F_reference − F_current| is largest at a reference value r_k (after the values equal to
 * it) or just below it, where F_current counts the values < r_k. In integers, with i the
 * reference values ≤ r_k and j the current values counted,
 *
 *   gap = max_k max(|i_{k−1}·n₂ − j(< r_k)·n₁|, |i_k·n₂ − j(≤ r_k)·n₁|),   D = gap / (n₁n₂),
 *
 * which are exactly the points ksTwoSample evaluates (above the last reference value the
 * gap only shrinks). The p-value is ksTwoSample's (ksTwoSamplePValue).
 */
export function ksTwoSampleFromCounts(reference: Float64Array, current: KsCurrentCounts): KsTwoSample {
  const first = sortedPresentValues(reference, 'reference');
  const sorted = first.values;
  if (current.count === 0) throw new RangeError(`current has no values to compare (${current.missing} given, all missing)`);
  const n1 = sorted.length;
  const n2 = current.count;
  let gap = 0;
  let i = 0;
  let j = 0;
  current.steps.forEach((step, k) => {
    j += current.between[k];
    gap = Math.max(gap, Math.abs(i * n2 - j * n1));
    while (i < n1 && sorted[i] === step) i += 1;
    j += current.at[k];
    gap = Math.max(gap, Math.abs(i * n2 - j * n1));
  });
  if (i !== n1) throw new RangeError('current was counted at the distinct values of another reference');
  return {
    statistic: gap / (n1 * n2),
    ...ksTwoSamplePValue(n1, n2, gap),
    referenceSize: n1,
    currentSize: n2,
    referenceMissing: first.missing,
    currentMissing: current.missing,
  };
}
