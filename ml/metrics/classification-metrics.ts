import { assertClassIndex } from './assert-class-index';
import { assertPairedRows } from './assert-paired-rows';

/**
 * Classification metrics on class indices, matching scikit-learn's
 * accuracy_score, f1_score(average='macro') and log_loss.
 */

/** Fraction of rows whose predicted class equals the actual class. */
export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  assertPairedRows(actual, predicted);
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === predicted[i]) correct++;
  }
  return correct / actual.length;
}

/**
 * Unweighted mean over classes of F1 = 2·TP / (2·TP + FP + FN).
 * Like sklearn without an explicit `labels`, only classes that occur in
 * `actual` or `predicted` are averaged, so a class absent from both cannot drag
 * the score to zero.
 */
export function macroF1(actual: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): number {
  assertPairedRows(actual, predicted);
  const truePositives = new Float64Array(classCount);
  const actualCounts = new Float64Array(classCount);
  const predictedCounts = new Float64Array(classCount);
  for (let i = 0; i < actual.length; i++) {
    assertClassIndex(actual[i], classCount, 'actual', i);
    assertClassIndex(predicted[i], classCount, 'predicted', i);
    actualCounts[actual[i]]++;
    predictedCounts[predicted[i]]++;
    if (actual[i] === predicted[i]) truePositives[actual[i]]++;
  }

  let f1Sum = 0;
  let presentClasses = 0;
  for (let c = 0; c < classCount; c++) {
    // 2·TP + FP + FN = |actual = c| + |predicted = c|.
    const denominator = actualCounts[c] + predictedCounts[c];
    if (denominator === 0) continue;
    f1Sum += (2 * truePositives[c]) / denominator;
    presentClasses++;
  }
  return f1Sum / presentClasses;
}

/** Probabilities are clipped to [ε, 1 − ε] so a confident miss costs −log ε instead of ∞. */
export const LOG_LOSS_EPSILON = 1e-15;

/**
 * Cross-entropy −(1/n) Σ_i log p_{i, y_i}, where `probabilities` is row-major
 * rows×classCount in class-index order.
 */
export function logLoss(
  actualIndex: ArrayLike<number>,
  probabilities: Float32Array | Float64Array,
  classCount: number,
): number {
  const rows = actualIndex.length;
  if (rows === 0) throw new RangeError('logLoss needs at least one row');
  if (probabilities.length !== rows * classCount) {
    throw new RangeError(`probabilities has ${probabilities.length} entries, expected ${rows}×${classCount}`);
  }
  let total = 0;
  for (let i = 0; i < rows; i++) {
    assertClassIndex(actualIndex[i], classCount, 'actualIndex', i);
    const p = probabilities[i * classCount + actualIndex[i]];
    total -= Math.log(Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p)));
  }
  return total / rows;
}
