import { categoryTallyOf, type CategoryTally } from './category-tally';

export interface CategoryCounts {
  /** Every category seen on either side: strings in code-unit order, numbers ascending (as text). */
  categories: string[];
  /** Counts per category, aligned with categories. */
  reference: Float64Array;
  current: Float64Array;
  /** Values left out as missing: null in a categorical column, NaN in a numeric one. */
  referenceMissing: number;
  currentMissing: number;
}

/**
 * Counts of each category in the reference and current values, over the union of the
 * categories of both, so that count-based tests (chi-square, Z-test, Jensen–Shannon,
 * L∞) compare the same categories. A numeric column is counted per distinct value.
 * Throws a RangeError naming the argument when a side has no value left to count.
 */
export function categoryCounts(reference: readonly (string | null)[] | Float64Array, current: readonly (string | null)[] | Float64Array): CategoryCounts {
  return categoryCountsOfTallies(categoryTallyOf(reference), categoryTallyOf(current));
}

/** categoryCounts of two samples already tallied, e.g. chunk by chunk from a stream. */
export function categoryCountsOfTallies(reference: CategoryTally, current: CategoryTally): CategoryCounts {
  assertSomethingToCount(reference, 'reference');
  assertSomethingToCount(current, 'current');
  return alignedCategoryCounts(reference, current);
}

/** The counts over the union of both sides' categories, even when a side has none: for pictures, not for tests. */
export function alignedCategoryCounts(reference: CategoryTally, current: CategoryTally): CategoryCounts {
  const keys = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0,
  );
  return {
    categories: keys.map(String),
    reference: Float64Array.from(keys, (key) => reference.counts.get(key) ?? 0),
    current: Float64Array.from(keys, (key) => current.counts.get(key) ?? 0),
    referenceMissing: reference.missing,
    currentMissing: current.missing,
  };
}

function assertSomethingToCount(tally: CategoryTally, name: string): void {
  if (tally.counts.size === 0) throw new RangeError(`${name} has no values to compare (${tally.values} given, all missing)`);
}
