import { NULL_SHARE_TOLERANCE, UNSEEN_SHARE_TOLERANCE, type ColumnQuality } from '../../domain/drift';
import type { Category } from './category-tally';

/** Unseen categories a report names; their share counts them all. */
export const UNSEEN_CATEGORIES_SHOWN = 10;

/**
 * What quality needs of one sample, all countable chunk by chunk: a CategoryTally is one,
 * and a numeric column gives its value and missing counts without categories.
 */
export interface QualityCounts {
  /** Values seen, missing ones included. */
  values: number;
  missing: number;
  /** Counts per category; absent for numeric columns, which have no categories to be unseen. */
  counts?: ReadonlyMap<Category, number>;
}

/**
 * Data-quality drift of one column: the missing-value share on each side, and, when both
 * sides are counted per category, the current categories the reference never had. It
 * drifts when the missing share rises by more than NULL_SHARE_TOLERANCE (5 points) or
 * unseen categories make up more than UNSEEN_SHARE_TOLERANCE (1%) of the current values:
 * a model sees both only through its imputer and its "unknown category" path, which a
 * distribution test over the present values does not notice. A current sample without a
 * single present value of the column (none logged, or all missing) is a finding of its
 * own, noCurrentValues, and drifts: the model is being fed nothing but its defaults.
 */
export function columnQuality(column: string, reference: QualityCounts, current: QualityCounts): ColumnQuality {
  const referenceNullShare = share(reference.missing, reference.values);
  const currentNullShare = share(current.missing, current.values);
  const unseen =
    reference.counts && current.counts
      ? [...current.counts].filter(([category]) => !reference.counts!.has(category)).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      : [];
  const unseenShare = share(
    unseen.reduce((sum, [, count]) => sum + count, 0),
    current.values - current.missing,
  );
  const noCurrentValues = current.values - current.missing === 0;
  return {
    column,
    referenceNullShare,
    currentNullShare,
    noCurrentValues,
    unseenCategories: unseen.slice(0, UNSEEN_CATEGORIES_SHOWN).map(([category]) => String(category)),
    unseenShare,
    drifted: noCurrentValues || currentNullShare - referenceNullShare > NULL_SHARE_TOLERANCE || unseenShare > UNSEEN_SHARE_TOLERANCE,
  };
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
