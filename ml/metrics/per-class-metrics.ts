/** Per-class scores from a confusion matrix, each array indexed by class. */
export interface PerClassMetrics {
  /** TP / (TP + FP): of the rows predicted as the class, the fraction that are it. */
  precision: number[];
  /** TP / (TP + FN): of the rows that are the class, the fraction predicted as it. */
  recall: number[];
  /** 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall. */
  f1: number[];
  /** Rows whose actual class is the class (the matrix's row sum). */
  support: number[];
  /** Rows predicted as the class (the matrix's column sum). */
  predictedCount: number[];
}

/**
 * Precision, recall and F1 of each class, as scikit-learn's
 * precision_recall_fscore_support(average=None) reports them
 * (https://scikit-learn.org/stable/modules/generated/sklearn.metrics.precision_recall_fscore_support.html),
 * from a confusion matrix with actual classes as rows and predicted classes as
 * columns (see confusionMatrix). A ratio whose denominator is zero is 0, sklearn's
 * default zero_division: a class never predicted has precision 0, a class that never
 * occurs has recall 0, and a class that is neither has F1 0.
 */
export function perClassMetrics(matrix: number[][]): PerClassMetrics {
  const classCount = matrix.length;
  matrix.forEach((row, actualClass) => {
    if (row.length !== classCount) {
      throw new RangeError(`confusion matrix row ${actualClass} has ${row.length} columns, expected ${classCount}`);
    }
  });
  const support = matrix.map((row) => row.reduce((sum, count) => sum + count, 0));
  const predictedCount = matrix.map((_, predictedClass) => matrix.reduce((sum, row) => sum + row[predictedClass], 0));
  const truePositives = matrix.map((row, c) => row[c]);
  return {
    precision: truePositives.map((tp, c) => ratioOrZero(tp, predictedCount[c])),
    recall: truePositives.map((tp, c) => ratioOrZero(tp, support[c])),
    // 2·TP + FP + FN = support + predicted count.
    f1: truePositives.map((tp, c) => ratioOrZero(2 * tp, support[c] + predictedCount[c])),
    support,
    predictedCount,
  };
}

/**
 * Unweighted mean of a per-class score over the classes that occur among the actual or
 * the predicted classes, sklearn's average='macro' without an explicit `labels`: a
 * class absent from both has no score to average, while a class that is only ever
 * predicted counts, with the zero recall perClassMetrics gives it. `support` and
 * `predictedCount` are those perClassMetrics returned with the score.
 */
export function macroAverage(values: readonly number[], support: readonly number[], predictedCount: readonly number[]): number {
  if (values.length !== support.length || values.length !== predictedCount.length) {
    throw new RangeError(
      `values, support and predictedCount need one entry per class (got ${values.length}, ${support.length}, ${predictedCount.length})`,
    );
  }
  let total = 0;
  let presentClasses = 0;
  values.forEach((value, c) => {
    if (support[c] + predictedCount[c] === 0) return;
    total += value;
    presentClasses++;
  });
  if (presentClasses === 0) throw new RangeError('macroAverage needs at least one class that occurs');
  return total / presentClasses;
}

function ratioOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
