/** Metrics compare row i of `actual` with row i of `predicted`, so both must have the same, non-zero length. */
export function assertPairedRows(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length) {
    throw new RangeError(`actual has ${actual.length} rows but predicted has ${predicted.length}`);
  }
  if (actual.length === 0) throw new RangeError('metrics need at least one row');
}
