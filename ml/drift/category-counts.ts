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

type Column = readonly (string | null)[] | Float64Array;

/**
 * Counts of each category in the reference and current values, over the union of the
 * categories of both, so that count-based tests (chi-square, Z-test, Jensen–Shannon,
 * L∞) compare the same categories. A numeric column is counted per distinct value.
 * Throws a RangeError naming the argument when a side has no value left to count.
 */
export function categoryCounts(reference: Column, current: Column): CategoryCounts {
  const counts = new Map<string | number, [number, number]>();
  const count = (values: Column, side: 0 | 1, name: string): number => {
    let missing = 0;
    for (const value of values) {
      if (value === null || (typeof value === 'number' && Number.isNaN(value))) {
        missing += 1;
        continue;
      }
      const entry = counts.get(value) ?? [0, 0];
      entry[side] += 1;
      counts.set(value, entry);
    }
    if (missing === values.length) throw new RangeError(`${name} has no values to compare (${values.length} given, all missing)`);
    return missing;
  };
  const referenceMissing = count(reference, 0, 'reference');
  const currentMissing = count(current, 1, 'current');
  const keys = [...counts.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0));
  return {
    categories: keys.map(String),
    reference: Float64Array.from(keys, (key) => counts.get(key)![0]),
    current: Float64Array.from(keys, (key) => counts.get(key)![1]),
    referenceMissing,
    currentMissing,
  };
}
