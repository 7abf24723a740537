import type { Metrics } from '../../domain/pipeline';
import { accuracy, logLoss, macroF1 } from './classification-metrics';
import { knownLabelRows } from './known-label-rows';
import { mae, r2, rmse } from './regression-metrics';

/** The headline metrics of a classifier; rows with labels the model never saw are counted in `unseenLabelRows`. */
export function classificationMetrics(
  actual: string[],
  predicted: string[],
  probabilities: Float64Array | Float32Array,
  classLabels: string[],
): Metrics {
  const rows = knownLabelRows(actual, predicted, probabilities, classLabels);
  const classCount = classLabels.length;
  return {
    accuracy: accuracy(rows.actualIndex, rows.predictedIndex),
    macroF1: macroF1(rows.actualIndex, rows.predictedIndex, classCount),
    logLoss: logLoss(rows.actualIndex, rows.probabilities, classCount),
    ...(rows.unseen > 0 ? { unseenLabelRows: rows.unseen } : {}),
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
