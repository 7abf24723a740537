import { seededRandom } from '../random/seeded-random';
import { heldOutCount } from './held-out-count';
import { holdOut } from './hold-out';
import { allRows, strataByLabel } from './strata';

export interface TrainValidationTestSplitOptions {
  /** Share of all rows for validation, strictly between 0 and 1. */
  validationFraction: number;
  /** Share of all rows for testing, strictly between 0 and 1; with validationFraction, below 1. */
  testFraction: number;
  seed: number;
}

export interface TrainValidationTestSplit {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

/**
 * Deterministic three-way split. Given class labels it is stratified (see
 * stratifiedTrainTestSplit), given a row count it is a plain random split.
 * The test rows are held out first, then the validation rows from what is
 * left, both drawn from one `seededRandom(seed)` stream. Every part gets at
 * least one row; sets are sorted ascending.
 */
export function trainValidationTestSplit(
  labelsOrCount: readonly string[] | number,
  options: TrainValidationTestSplitOptions,
): TrainValidationTestSplit {
  const labels = typeof labelsOrCount === 'number' ? undefined : labelsOrCount;
  const rowCount = typeof labelsOrCount === 'number' ? labelsOrCount : labelsOrCount.length;
  if (!Number.isInteger(rowCount) || rowCount < 3 || rowCount > 0xffffffff) {
    throw new RangeError(`a train/validation/test split needs an integer row count of at least 3 (got ${rowCount})`);
  }
  const testCount = heldOutCount('testFraction', options.testFraction, rowCount, rowCount - 2);
  const validationCount = heldOutCount('validationFraction', options.validationFraction, rowCount, rowCount - testCount - 1);
  if (!(options.validationFraction + options.testFraction < 1)) {
    throw new RangeError(
      `validationFraction + testFraction must be below 1 (got ${options.validationFraction + options.testFraction})`,
    );
  }

  const strataOf = (rows: Uint32Array) => (labels ? strataByLabel(labels, rows) : [rows]);
  const random = seededRandom(options.seed);
  const test = holdOut(strataOf(allRows(rowCount)), testCount, random);
  const validation = holdOut(strataOf(test.kept), validationCount, random);
  return { train: validation.kept, validation: validation.heldOut, test: test.heldOut };
}
