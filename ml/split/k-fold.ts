import { seededRandom } from '../random/seeded-random';
import { shuffleInPlace } from '../random/shuffle';
import { allRows, strataByLabel } from './strata';

export const MIN_FOLDS = 2;
export const MAX_FOLDS = 20;

export interface KFoldOptions {
  /** Number of folds k, an integer from MIN_FOLDS to MAX_FOLDS and at most the row count. */
  folds: number;
  seed: number;
}

export interface Fold {
  train: Uint32Array;
  validation: Uint32Array;
}

/**
 * Deterministic k-fold cross-validation split (Hastie, Tibshirani & Friedman,
 * ESL §7.10). Rows are shuffled with `seededRandom(seed)` and dealt round-robin
 * into k folds, so fold sizes differ by at most one. Given class labels it is
 * stratified: each class, in label order, is shuffled and dealt on from where
 * the previous class stopped, so every fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of
 * class c. Fold f validates on its own rows and trains on all the others;
 * every row is validated exactly once. Sets are sorted ascending.
 */
export function kFold(labelsOrCount: readonly string[] | number, options: KFoldOptions): Fold[] {
  const { folds } = options;
  const rowCount = typeof labelsOrCount === 'number' ? labelsOrCount : labelsOrCount.length;
  if (!Number.isInteger(folds) || folds < MIN_FOLDS || folds > MAX_FOLDS) {
    throw new RangeError(`crossValidation.folds must be an integer from ${MIN_FOLDS} to ${MAX_FOLDS} (got ${folds})`);
  }
  if (!Number.isInteger(rowCount) || rowCount > 0xffffffff) {
    throw new RangeError(`rowCount must be an integer (got ${rowCount})`);
  }
  if (folds > rowCount) {
    throw new RangeError(`crossValidation.folds (${folds}) cannot exceed the number of rows (${rowCount})`);
  }

  const rows = allRows(rowCount);
  const strata = typeof labelsOrCount === 'number' ? [rows] : strataByLabel(labelsOrCount, rows);
  const random = seededRandom(options.seed);
  const foldOf = new Uint8Array(rowCount);
  let dealt = 0;
  for (const stratum of strata) {
    for (const row of shuffleInPlace(stratum.slice(), random)) foldOf[row] = dealt++ % folds;
  }
  return Array.from({ length: folds }, (_, fold) => ({
    train: rows.filter((row) => foldOf[row] !== fold),
    validation: rows.filter((row) => foldOf[row] === fold),
  }));
}
