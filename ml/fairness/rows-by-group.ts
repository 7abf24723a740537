import { allRows, strataByLabel } from '../split/strata';

/** The group of rows whose sensitive feature is null. */
export const MISSING_GROUP = '(missing)';

export interface GroupRows {
  group: string;
  /** Ascending row positions of the group's rows. */
  rows: Uint32Array;
}

/**
 * The row positions of each value of a sensitive feature, in group-name order, with
 * null rows gathered under MISSING_GROUP so that a missing value is a group that
 * can be measured rather than rows that silently drop out.
 */
export function rowsByGroup(groups: readonly (string | null)[]): GroupRows[] {
  const names = groups.map((group) => group ?? MISSING_GROUP);
  return strataByLabel(names, allRows(names.length)).map((rows) => ({ group: names[rows[0]], rows }));
}
