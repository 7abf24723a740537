/**
 * Which categories of a categorical feature get a one-hot column of their own.
 *
 * A feature with at most `keepAllUpTo` distinct training values keeps every one of
 * them. Past that, it keeps its most frequent categories, the fewest that cover
 * `coverage` of its non-missing training values, but never fewer than `keepAllUpTo`
 * nor more than `maxKept`; every other value, and any value first met at serving,
 * shares one "other" column. This is scikit-learn's
 * OneHotEncoder(max_categories=…, handle_unknown='infrequent_if_exist') with the cut
 * chosen by coverage: an airport code with 229 values keeps the ~150 that carry 99%
 * of the flights, and the long tail of airports seen a handful of times is pooled
 * instead of each getting a weight fitted on a handful of rows.
 */
export interface CategoryPolicy {
  keepAllUpTo: number;
  /** Share of non-missing training values the kept categories must cover, in (0, 1]. */
  coverage: number;
  maxKept: number;
}

export const DEFAULT_CATEGORY_POLICY: CategoryPolicy = { keepAllUpTo: 100, coverage: 0.99, maxKept: 1000 };

export interface CategorySelection {
  /** The kept categories, sorted (the order of their one-hot columns). */
  kept: string[];
  /** Whether values were left out, so the feature needs an "other" column. */
  hasOther: boolean;
}

/**
 * Picks the kept categories from training counts. Categories are ranked by count,
 * ties by value, so the selection is a pure function of the counts.
 */
export function selectCategories(counts: ReadonlyMap<string, number>, policy: CategoryPolicy = DEFAULT_CATEGORY_POLICY): CategorySelection {
  if (!(policy.coverage > 0 && policy.coverage <= 1)) throw new RangeError(`coverage must be in (0, 1] (got ${policy.coverage})`);
  if (!(Number.isInteger(policy.keepAllUpTo) && policy.keepAllUpTo >= 1 && policy.maxKept >= policy.keepAllUpTo)) {
    throw new RangeError(`keepAllUpTo must be a positive integer not above maxKept (got ${policy.keepAllUpTo} and ${policy.maxKept})`);
  }
  if (counts.size <= policy.keepAllUpTo) return { kept: [...counts.keys()].sort(), hasOther: false };

  const ranked = [...counts].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
  const total = ranked.reduce((sum, [, count]) => sum + count, 0);
  let covered = 0;
  let keptCount = 0;
  while (keptCount < ranked.length && keptCount < policy.maxKept && (keptCount < policy.keepAllUpTo || covered < policy.coverage * total)) {
    covered += ranked[keptCount][1];
    keptCount += 1;
  }
  return { kept: ranked.slice(0, keptCount).map(([value]) => value).sort(), hasOther: keptCount < ranked.length };
}
