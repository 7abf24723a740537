import { fitIsotonic, predictIsotonic, type IsotonicFit } from './isotonic-regression';

/**
 * Confidence-based performance estimation (CBPE), as NannyML describes it: when the
 * model's class probabilities are calibrated, the probability it gives its predicted
 * class is the chance that prediction is right, so accuracy and the confusion matrix
 * can be estimated for predictions whose labels have not arrived.
 *
 * Per row with calibrated probabilities p̂ and predicted class ŷ, for every class c:
 *   expected TP_c += p̂_c if ŷ = c;  expected FP_c += 1 − p̂_c if ŷ = c;  expected FN_c += p̂_c if ŷ ≠ c.
 * Expected accuracy = Σ p̂_ŷ / n; expected F1_c = 2·TP_c / (2·TP_c + FP_c + FN_c), and
 * macro F1 averages it over the classes, as ml/metrics/classification-metrics macroF1 does
 * for realised labels (classes neither expected nor predicted are left out).
 *
 * It holds only while P(y | x) is the reference's (no concept drift) and the
 * calibration, fitted on the labelled reference, still holds; covariate shift alone is
 * what it measures.
 */

/** One isotonic map per class (one-vs-rest), fitted on the reference's probabilities and labels. */
export interface CbpeCalibration {
  readonly classCount: number;
  readonly perClass: IsotonicFit[];
}

/**
 * Fits the calibration: for class c, isotonic regression of [label = c] on p_c. Isotonic
 * rather than histogram binning (or Platt scaling): it assumes only that a higher score
 * means a likelier class, needs no bin count chosen, and on references of thousands of
 * rows (what a training set gives) fits as well as binning does at its best bin count;
 * it is also what NannyML uses. `probabilities` is row-major [rows × classCount];
 * `actual` the true class index of each row.
 */
export function fitCbpeCalibration(probabilities: ArrayLike<number>, classCount: number, actual: ArrayLike<number>): CbpeCalibration {
  if (!Number.isSafeInteger(classCount) || classCount < 2) throw new RangeError(`classCount must be at least 2 (got ${classCount})`);
  const rows = actual.length;
  if (probabilities.length !== rows * classCount) throw new RangeError(`probabilities need ${classCount} per row for ${rows} rows (got ${probabilities.length})`);
  if (rows === 0) throw new RangeError('calibration needs at least one labelled reference row');
  const perClass: IsotonicFit[] = [];
  for (let c = 0; c < classCount; c++) {
    const scores = new Float64Array(rows);
    const hits = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      scores[row] = probabilities[row * classCount + c];
      hits[row] = actual[row] === c ? 1 : 0;
    }
    perClass.push(fitIsotonic(scores, hits));
  }
  return { classCount, perClass };
}

/**
 * One row's calibrated probabilities, written into `into`: each class through its map,
 * then normalised to sum to 1 (one-vs-rest maps need not). A row every map sends to 0
 * keeps its raw probabilities, the only information left.
 */
export function calibrate(calibration: CbpeCalibration, rowProbabilities: ArrayLike<number>, into: Float64Array): Float64Array {
  let sum = 0;
  for (let c = 0; c < calibration.classCount; c++) {
    into[c] = predictIsotonic(calibration.perClass[c], rowProbabilities[c]);
    sum += into[c];
  }
  for (let c = 0; c < calibration.classCount; c++) into[c] = sum > 0 ? into[c] / sum : rowProbabilities[c];
  return into;
}

/** Running sums of a confusion matrix's diagonal and margins: expected (fractional) or realised (counts). */
export interface ConfusionSums {
  rows: number;
  readonly truePositives: Float64Array;
  /** Σ over rows of the chance (or fact) that the row's class is c: TP_c + FN_c. */
  readonly actual: Float64Array;
  /** Rows predicted as c: TP_c + FP_c. */
  readonly predicted: Float64Array;
}

export function emptyConfusionSums(classCount: number): ConfusionSums {
  return { rows: 0, truePositives: new Float64Array(classCount), actual: new Float64Array(classCount), predicted: new Float64Array(classCount) };
}

/** Adds a row's expectation: calibrated probabilities and the predicted class. */
export function addExpected(sums: ConfusionSums, calibrated: ArrayLike<number>, predicted: number): void {
  sums.rows += 1;
  for (let c = 0; c < sums.actual.length; c++) sums.actual[c] += calibrated[c];
  sums.predicted[predicted] += 1;
  sums.truePositives[predicted] += calibrated[predicted];
}

/** Adds a labelled row: its true and predicted class. */
export function addRealised(sums: ConfusionSums, actual: number, predicted: number): void {
  sums.rows += 1;
  sums.actual[actual] += 1;
  sums.predicted[predicted] += 1;
  if (actual === predicted) sums.truePositives[actual] += 1;
}

/** Σ TP / n; null for no rows. */
export function accuracyOf(sums: ConfusionSums): number | null {
  if (sums.rows === 0) return null;
  let correct = 0;
  for (const tp of sums.truePositives) correct += tp;
  return correct / sums.rows;
}

/** Mean of 2·TP_c / (actual_c + predicted_c) over the classes with a non-zero denominator; null for no rows. */
export function macroF1Of(sums: ConfusionSums): number | null {
  if (sums.rows === 0) return null;
  let total = 0;
  let present = 0;
  for (let c = 0; c < sums.actual.length; c++) {
    const denominator = sums.actual[c] + sums.predicted[c];
    if (denominator === 0) continue;
    total += (2 * sums.truePositives[c]) / denominator;
    present += 1;
  }
  return total / present;
}
