import { seededRandom } from '../random/seeded-random';

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
 * Deterministic train/test split: a Fisher–Yates shuffle (Durstenfeld's
 * in-place variant) of the row indices driven by `seededRandom(seed)`; the
 * first round(rowCount × testFraction) shuffled indices form the test set.
 *
 * Both sets always get at least one row, so the test count is clamped to
 * [1, rowCount − 1]. Each set is returned sorted ascending so callers read
 * rows in storage order.
 */
export function trainTestSplit(rowCount: number, options: TrainTestSplitOptions): TrainTestSplit {
  const { testFraction, seed } = options;
  if (!Number.isInteger(rowCount) || rowCount < 2 || rowCount > 0xffffffff) {
    throw new RangeError(`rowCount must be an integer of at least 2 (got ${rowCount})`);
  }
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`testFraction must be strictly between 0 and 1 (got ${testFraction})`);
  }

  const random = seededRandom(seed);
  const order = new Uint32Array(rowCount);
  for (let i = 0; i < rowCount; i++) order[i] = i;
  for (let i = rowCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }

  const testCount = Math.min(rowCount - 1, Math.max(1, Math.round(rowCount * testFraction)));
  return {
    test: order.slice(0, testCount).sort(),
    train: order.slice(testCount).sort(),
  };
}
