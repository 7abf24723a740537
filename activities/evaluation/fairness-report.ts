import type { FairnessReport } from '../../domain/evaluation';
import { groupFairness, groupRegressionMetrics } from '../../ml/fairness/group-fairness';
import { rowsByGroup } from '../../ml/fairness/rows-by-group';
import { cellsAt } from '../../ml/tabular/numeric-columns';
import type { Scores } from '../onnx-scoring';
import type { TrainingData } from '../training-data';
import type { CandidateInput } from './evaluate-input';

/**
 * Metrics per group of the sensitive column on the test rows, with the summary measures
 * quality checks may name: demographic parity and equal opportunity differences for a
 * classifier (the favourable label defaults to the second class of a binary model),
 * the widest RMSE gap between groups for a regressor.
 */
export function fairnessReport(input: CandidateInput, data: TrainingData, testRows: Uint32Array, scores: Scores, classLabels: string[]): FairnessReport {
  const sensitive = input.sensitiveFeature!;
  const tableRows = Array.from(testRows, (row) => data.rows[row]);
  const groups = cellsAt(data.table, sensitive, Uint32Array.from(tableRows)).map((cell) => (cell === null ? null : String(cell)));
  const actual = Array.from(testRows, (row) => data.target[row]);
  if (input.task === 'REGRESSION') {
    const regression = groupRegressionMetrics(groups, Float64Array.from(actual, Number), scores.predictions);
    return {
      sensitiveFeature: sensitive,
      favorableLabel: null,
      groups: regression.groups.map(({ group, count, rmse, mae }) => ({ group, count, metrics: { rmse, mae } })),
      measures: { maxRmseGap: regression.maxRmseGap },
    };
  }
  const requested = input.favorableLabel ?? (classLabels.length === 2 ? classLabels[1] : null);
  const favorable = requested === null ? -1 : classLabels.indexOf(requested);
  if (favorable < 0) {
    // Without a favourable outcome (a multiclass model, or a label the model does not
    // know) selection rates mean nothing: report accuracy per group only.
    return {
      sensitiveFeature: sensitive,
      favorableLabel: null,
      groups: rowsByGroup(groups).map(({ group, rows }) => ({
        group,
        count: rows.length,
        metrics: { accuracy: Array.from(rows).filter((row) => String(actual[row]) === scores.labels[row]).length / rows.length },
      })),
      measures: {},
    };
  }
  const favorableLabel = classLabels[favorable];
  const fairness = groupFairness(
    groups,
    actual.map((label) => classLabels.indexOf(String(label))),
    scores.labels.map((label) => classLabels.indexOf(label)),
    favorable,
  );
  return {
    sensitiveFeature: sensitive,
    favorableLabel,
    groups: fairness.groups.map(({ group, count, ...metrics }) => ({ group, count, metrics })),
    measures: { demographicParityDifference: fairness.demographicParityDifference, equalOpportunityDifference: fairness.equalOpportunityDifference },
  };
}
