import { seededRandom } from '../random/seeded-random';
import { heldOutCount } from './held-out-count';
import { holdOut } from './hold-out';
import { allRows } from './strata';

export interface TrainTestSplitOptions {
  /** Share of rows held out for testing, strictly between 0 and 1. */
  testFraction: number;
  seed: number;
}

export interface TrainTestSplit {
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * Deterministic train/test split: a Fisher–Yates shuffle of the row indices
 * driven by `seededRandom(seed)`; the first round(rowCount × testFraction)
 * shuffled indices form the test set.
 *
 * Both sets always get at least one row, so the test count is clamped to
 * [1, rowCount − 1]. Each set is returned sorted ascending so callers read
 * rows in storage order.
 */
export function trainTestSplit(rowCount: number, options: TrainTestSplitOptions): TrainTestSplit {
  if (!Number.isInteger(rowCount) || rowCount < 2 || rowCount > 0xffffffff) {
    throw new RangeError(`rowCount must be an integer of at least 2 (got ${rowCount})`);
  }
  const testCount = heldOutCount('testFraction', options.testFraction, rowCount, rowCount - 1);
  const { kept, heldOut } = holdOut([allRows(rowCount)], testCount, seededRandom(options.seed));
  return { train: kept, test: heldOut };
}
