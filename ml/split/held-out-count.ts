/**
 * Rows a split sets aside for a part given as a share of all rows:
 * round(rowCount × fraction), but at least 1 and at most `maxCount`, so that
 * every part of the split keeps a row.
 */
export function heldOutCount(name: string, fraction: number, rowCount: number, maxCount: number): number {
  if (!(fraction > 0 && fraction < 1)) {
    throw new RangeError(`${name} must be strictly between 0 and 1 (got ${fraction})`);
  }
  return Math.min(maxCount, Math.max(1, Math.round(rowCount * fraction)));
}
