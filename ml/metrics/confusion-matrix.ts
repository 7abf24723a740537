import { assertClassIndex } from './assert-class-index';
import { assertPairedRows } from './assert-paired-rows';

/**
 * C[i][j] = number of rows whose actual class is i and whose predicted class is j,
 * for i, j in [0, classCount): rows are actual classes, columns predicted ones, as in
 * scikit-learn's confusion_matrix
 * (https://scikit-learn.org/stable/modules/generated/sklearn.metrics.confusion_matrix.html).
 * The diagonal holds the correct predictions; every class gets a row and a column,
 * even one that never occurs.
 */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): number[][] {
  assertPairedRows(actual, predicted);
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < actual.length; i++) {
    assertClassIndex(actual[i], classCount, 'actual', i);
    assertClassIndex(predicted[i], classCount, 'predicted', i);
    matrix[actual[i]][predicted[i]]++;
  }
  return matrix;
}
