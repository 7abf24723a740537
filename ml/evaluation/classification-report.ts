import type { ClassReport } from '../../domain/evaluation';
import type { Metrics } from '../../domain/pipeline';
import { confusionMatrix } from '../metrics/confusion-matrix';
import { classificationMetrics } from '../metrics/evaluation-metrics';
import { knownLabelRows } from '../metrics/known-label-rows';
import { macroAverage, perClassMetrics } from '../metrics/per-class-metrics';
import { rocAucOneVsRest } from '../metrics/roc-auc';

export interface ClassificationReport {
  metrics: Metrics;
  perClass: ClassReport[];
  confusionMatrix: number[][];
}

/**
 * The full classification picture on held-out rows: headline metrics, per-class
 * precision/recall/F1/support and one-vs-rest ROC AUC, and the confusion matrix (rows
 * actual, columns predicted, in classLabels order). Rows whose label the model never
 * saw are counted in `unseenLabelRows` and left out, as in the headline metrics.
 */
export function classificationReport(
  actual: string[],
  predicted: string[],
  probabilities: Float64Array | Float32Array,
  classLabels: string[],
): ClassificationReport {
  const classCount = classLabels.length;
  const rows = knownLabelRows(actual, predicted, probabilities, classLabels);
  const matrix = confusionMatrix(rows.actualIndex, rows.predictedIndex, classCount);
  const perClass = perClassMetrics(matrix);
  const auc = rocAucOneVsRest(rows.actualIndex, rows.probabilities, classCount);
  return {
    metrics: {
      ...classificationMetrics(actual, predicted, probabilities, classLabels),
      macroPrecision: macroAverage(perClass.precision, perClass.support, perClass.predictedCount),
      macroRecall: macroAverage(perClass.recall, perClass.support, perClass.predictedCount),
      ...(Number.isFinite(auc.macro) ? { rocAucMacro: auc.macro } : {}),
    },
    perClass: classLabels.map((label, c) => ({
      label,
      precision: perClass.precision[c],
      recall: perClass.recall[c],
      f1: perClass.f1[c],
      support: perClass.support[c],
      rocAuc: Number.isFinite(auc.perClass[c]) ? auc.perClass[c] : null,
    })),
    confusionMatrix: matrix,
  };
}
