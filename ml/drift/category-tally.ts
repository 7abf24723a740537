/** A category: a string, or a numeric column's distinct value. */
export type Category = string | number;

/**
 * The counts of each category in one sample, built chunk by chunk. It grows with the
 * distinct categories, never with the values, so a window of millions of rows is counted
 * in the memory of its categories. It is updated in place (addToCategoryTally), unlike the
 * fixed-size summaries, so that a chunk costs only its own values even when there are
 * many categories.
 */
export interface CategoryTally {
  readonly counts: Map<Category, number>;
  /** Values seen, missing ones included. */
  values: number;
  /** Values left out as missing: null in a categorical column, NaN in a numeric one. */
  missing: number;
}

export function emptyCategoryTally(): CategoryTally {
  return { counts: new Map(), values: 0, missing: 0 };
}

/** Adds a chunk of values to the tally, in place; returns the tally. */
export function addToCategoryTally(tally: CategoryTally, chunk: readonly (string | null)[] | Float64Array): CategoryTally {
  for (const value of chunk) {
    tally.values += 1;
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) tally.missing += 1;
    else tally.counts.set(value, (tally.counts.get(value) ?? 0) + 1);
  }
  return tally;
}

/** The tally of a whole sample. */
export function categoryTallyOf(values: readonly (string | null)[] | Float64Array): CategoryTally {
  return addToCategoryTally(emptyCategoryTally(), values);
}
