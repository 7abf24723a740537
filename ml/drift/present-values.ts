import { sortFloat64InPlace } from './sort-float64';

export interface PresentValues {
  /** The non-missing values, sorted ascending. */
  values: Float64Array;
  /** How many values were NaN (missing) and left out. */
  missing: number;
}

/**
 * The values of a numeric column without its missing ones (NaN), sorted ascending: every
 * numeric drift test compares the two empirical distributions of what was observed, as
 * scipy does after dropping NaN (nan_policy='omit') and Evidently does before testing.
 * Throws a RangeError naming the argument when nothing is left to compare, or when a
 * value is infinite (a distance to ±∞ is not a drift score).
 */
export function sortedPresentValues(values: Float64Array, name: string): PresentValues {
  // A plain loop: TypedArray.prototype.filter with a callback costs as much as the sort.
  const kept = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (!Number.isNaN(value)) kept[count++] = value;
  }
  if (count === 0) {
    throw new RangeError(`${name} has no values to compare (${values.length} given, all missing)`);
  }
  const present = sortFloat64InPlace(kept.subarray(0, count));
  if (!Number.isFinite(present[0]) || !Number.isFinite(present[present.length - 1])) {
    throw new RangeError(`${name} holds an infinite value; use NaN for a missing one`);
  }
  return { values: present, missing: values.length - present.length };
}
