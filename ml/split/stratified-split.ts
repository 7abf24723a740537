import { seededRandom } from '../random/seeded-random';
import { heldOutCount } from './held-out-count';
import { holdOut } from './hold-out';
import { allRows, strataByLabel } from './strata';
import type { TrainTestSplit, TrainTestSplitOptions } from './train-test-split';

/**
 * Deterministic stratified train/test split for classification: every class
 * contributes to the test set in proportion to its size (largest-remainder
 * rounding, so the test set has round(rowCount × testFraction) rows whenever
 * the classes can spare them), and keeps at least one row in training, so a
 * class with a single row goes to train. Classes are taken in label order and
 * each is shuffled with `seededRandom(seed)`. Sets are sorted ascending.
 */
export function stratifiedTrainTestSplit(labels: readonly string[], options: TrainTestSplitOptions): TrainTestSplit {
  if (labels.length < 2) throw new RangeError(`labels needs at least 2 rows (got ${labels.length})`);
  const testCount = heldOutCount('testFraction', options.testFraction, labels.length, labels.length - 1);
  const strata = strataByLabel(labels, allRows(labels.length));
  const { kept, heldOut } = holdOut(strata, testCount, seededRandom(options.seed));
  return { train: kept, test: heldOut };
}
