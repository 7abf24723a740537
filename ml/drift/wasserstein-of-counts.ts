import type { CategoryTally } from './category-tally';
import type { PresentValues } from './present-values';
import { WASSERSTEIN_MIN_SCALE, populationStandardDeviation, type WassersteinNormalised } from './wasserstein-normalised';

/** A numeric sample as its distinct values and how often each occurs: bounded by the distinct values, not the sample. */
export interface ValueCounts {
  /** The distinct non-missing values, strictly ascending and finite. */
  values: Float64Array;
  /** How many times each value occurs, aligned with values. */
  counts: Float64Array;
  /** Values left out as missing (NaN). */
  missing: number;
}

/** The ValueCounts of a numeric sample tallied chunk by chunk (addToCategoryTally on Float64Array chunks). */
export function valueCountsOfTally(tally: CategoryTally): ValueCounts {
  const values = new Float64Array(tally.counts.size);
  let i = 0;
  for (const value of tally.counts.keys()) {
    if (typeof value !== 'number') throw new TypeError(`a numeric tally holds numbers, not the string ${JSON.stringify(value)}`);
    values[i++] = value;
  }
  values.sort();
  return { values, counts: values.map((value) => tally.counts.get(value)!), missing: tally.missing };
}

/**
 * wassersteinNormalised of a reference sample (its values, sorted) and a current sample
 * given only as counts per distinct value: exact, for a window far too large to keep whose
 * values are heavily tied (integer minutes, cents, ages), which quantile bins approximate
 * poorly. With x₀ < x₁ < … < x_L the distinct values of both samples together, both
 * empirical CDFs are constant on each [x_t, x_{t+1}), so
 *
 *   W₁ = ∫ |F_reference(x) − F_current(x)| dx = Σ_t |F_reference(x_t) − F_current(x_t)|·(x_{t+1} − x_t),
 *
 *   F_reference(x_t) = #{reference values ≤ x_t} / n,   F_current(x_t) = Σ_{values ≤ x_t} count / m,
 *
 * and statistic = W₁ / max(σ_reference, 0.001), σ the reference's population standard
 * deviation (np.std). O(n + d) for d distinct current values. The terms and their order are
 * wassersteinNormalised's on the current values written out, so the result is the same to
 * the last bit. Reference: Ramdas, García Trillos & Cuturi (2017), Entropy 19(2), 47.
 */
export function wassersteinNormalisedOfCounts(reference: PresentValues, current: ValueCounts): WassersteinNormalised {
  const currentSize = assertValueCounts(current);
  const distance = countedWassersteinDistance(reference.values, current, currentSize);
  const referenceStandardDeviation = populationStandardDeviation(reference.values);
  return {
    statistic: distance / Math.max(referenceStandardDeviation, WASSERSTEIN_MIN_SCALE),
    distance,
    referenceStandardDeviation,
    referenceSize: reference.values.length,
    currentSize,
    referenceMissing: reference.missing,
    currentMissing: current.missing,
  };
}

function countedWassersteinDistance(u: Float64Array, current: ValueCounts, m: number): number {
  const { values: v, counts } = current;
  const n = u.length;
  let i = 0;
  let k = 0;
  // Current values ≤ the last point passed: the integer wassersteinNormalised's index holds.
  let j = 0;
  let previous = Math.min(u[0], v[0]);
  let distance = 0;
  while (i < n || k < v.length) {
    const x = Math.min(i < n ? u[i] : Infinity, k < v.length ? v[k] : Infinity);
    distance += Math.abs(i / n - j / m) * (x - previous);
    while (i < n && u[i] === x) i += 1;
    if (k < v.length && v[k] === x) j += counts[k++];
    previous = x;
  }
  return distance;
}

/** The current sample's size; a RangeError when it has none, or its values or counts are not what ValueCounts promises. */
function assertValueCounts({ values, counts, missing }: ValueCounts): number {
  if (counts.length !== values.length) throw new RangeError(`current has ${values.length} values but ${counts.length} counts`);
  let size = 0;
  for (let k = 0; k < values.length; k += 1) {
    if (!Number.isFinite(values[k])) throw new RangeError(`current holds ${values[k]}; values must be finite, NaN counted as missing`);
    if (k > 0 && !(values[k] > values[k - 1])) throw new RangeError(`current values must be distinct and ascending (${values[k - 1]} then ${values[k]})`);
    if (!Number.isSafeInteger(counts[k]) || counts[k] < 1) throw new RangeError(`current count of ${values[k]} must be a whole number ≥ 1 (got ${counts[k]})`);
    size += counts[k];
  }
  if (size === 0) throw new RangeError(`current has no values to compare (${missing} given, all missing)`);
  return size;
}
