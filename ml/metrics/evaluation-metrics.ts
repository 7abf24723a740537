import type { Metrics } from '../../domain/pipeline';
import { accuracy, logLoss, macroF1 } from './classification-metrics';
import { mae, r2, rmse } from './regression-metrics';

/**
 * The metrics the evaluate stage reports for a classifier. A held-out label the
 * training split never saw cannot be scored against the model's classes: such rows
 * are left out and counted (`unseenLabelRows`), not silently dropped.
 */
export function classificationMetrics(
  actual: string[],
  predicted: string[],
  probabilities: Float64Array | Float32Array,
  classLabels: string[],
): Metrics {
  const classCount = classLabels.length;
  const known = actual.flatMap((label, row) => (classLabels.includes(label) ? [row] : []));
  const actualIndex = known.map((row) => classLabels.indexOf(actual[row]));
  const predictedIndex = known.map((row) => classLabels.indexOf(predicted[row]));
  const knownProbabilities = new Float64Array(known.length * classCount);
  known.forEach((row, i) => knownProbabilities.set(probabilities.subarray(row * classCount, (row + 1) * classCount), i * classCount));
  return {
    accuracy: accuracy(actualIndex, predictedIndex),
    macroF1: macroF1(actualIndex, predictedIndex, classCount),
    logLoss: logLoss(actualIndex, knownProbabilities, classCount),
    ...(known.length < actual.length ? { unseenLabelRows: actual.length - known.length } : {}),
  };
}

export function regressionMetrics(actual: Float64Array, predicted: Float64Array | Float32Array): Metrics {
  return { rmse: rmse(actual, predicted), mae: mae(actual, predicted), r2: r2(actual, predicted) };
}

/** The label with the highest probability in each row. */
export function argmaxLabels(probabilities: Float64Array | Float32Array, classLabels: string[]): string[] {
  const classCount = classLabels.length;
  const rows = probabilities.length / classCount;
  return Array.from({ length: rows }, (_, row) => {
    let best = 0;
    for (let c = 1; c < classCount; c += 1) if (probabilities[row * classCount + c] > probabilities[row * classCount + best]) best = c;
    return classLabels[best];
  });
}
