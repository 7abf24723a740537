import type { EvaluationReportData } from '../domain/evaluation';
import type { EvaluationResult } from '../domain/pipeline';
import { classificationReport } from '../ml/evaluation/classification-report';
import { describeFailedChecks, evaluateQualityChecks } from '../ml/evaluation/quality-checks';
import { regressionMetrics } from '../ml/metrics/evaluation-metrics';
import { residualQuantiles } from '../ml/metrics/residual-quantiles';
import type { ActivityDependencies } from './dependencies';
import { championComparison } from './evaluation/champion-comparison';
import { qualityChecksOf, type CandidateInput, type EvaluateInput } from './evaluation/evaluate-input';
import { fairnessReport } from './evaluation/fairness-report';
import { headlineMetrics } from './evaluation/headline-metrics';
import { permutationImportanceOf } from './evaluation/importance';
import { signatureOrContract } from '../domain/model-signature';
import { scoreRows, withScoringModel } from './onnx-scoring';
import { markStageAttempt } from './stage-progress';
import { loadTrainingData } from './training-data';

export function createEvaluateActivity(deps: ActivityDependencies) {
  return {
    /** Headline metrics on a held-out split, as tuning trials need them. */
    async evaluateModel(input: EvaluateInput): Promise<EvaluationResult> {
      if (input.on === 'test') await markStageAttempt(deps.dataSource, input.workflowId, 'evaluate');
      const data = await loadTrainingData(deps, input);
      const rows = data.splits[input.on];
      const signature = signatureOrContract(input.model.signature, input.task, data.spec);
      const scores = await withScoringModel(await deps.store.read(input.model.artifactUri), signature, (model) =>
        scoreRows(model, input.model.classLabels.length, data.spec, data.columns, rows),
      );
      return { metrics: headlineMetrics(input, data, rows, scores, input.model.classLabels), testRowCount: rows.length };
    },

    /**
     * The evaluate stage: scores the test split through onnxruntime from raw feature
     * values (exactly as serving will), then adds per-class detail, the comparison
     * with the champion on the same rows, fairness, permutation importance and the
     * quality checks' verdict.
     */
    async evaluateCandidate(input: CandidateInput): Promise<EvaluationReportData> {
      await markStageAttempt(deps.dataSource, input.workflowId, 'evaluate');
      const data = await loadTrainingData(deps, input);
      const rows = data.splits.test;
      const { classLabels } = input.model;
      const signature = signatureOrContract(input.model.signature, input.task, data.spec);
      return withScoringModel(await deps.store.read(input.model.artifactUri), signature, async (model) => {
        const scores = await scoreRows(model, classLabels.length, data.spec, data.columns, rows);
        const actual = Array.from(rows, (row) => data.target[row]);
        const detail =
          input.task === 'CLASSIFICATION'
            ? classificationReport(actual.map(String), scores.labels, scores.probabilities, classLabels)
            : null;
        const metrics = detail?.metrics ?? regressionMetrics(Float64Array.from(actual, Number), scores.predictions);
        const champion = await championComparison(deps, input, data, rows, metrics);
        const fairness = input.sensitiveFeature ? fairnessReport(input, data, rows, scores, classLabels) : null;
        const importance = await permutationImportanceOf(model, input, data, rows, classLabels);
        const measures = { ...metrics, ...fairness?.measures };
        const qualityChecks = evaluateQualityChecks(measures, qualityChecksOf(input), input.mustBeatChampion, champion.comparison, champion.skipped);
        deps.logger.info({ workflowId: input.workflowId, metrics, failedQualityChecks: describeFailedChecks(qualityChecks) || null }, 'model evaluated');
        return {
          testRowCount: rows.length,
          metrics,
          classLabels,
          perClass: detail?.perClass ?? [],
          confusionMatrix: detail?.confusionMatrix ?? null,
          residualQuantiles:
            input.task === 'REGRESSION' ? residualQuantiles(Float64Array.from(actual, Number), scores.predictions) : null,
          champion: champion.comparison,
          championSkipped: champion.skipped,
          fairness,
          importance,
          qualityChecks,
          qualityChecksPassed: qualityChecks.every((check) => check.passed),
        };
      });
    },
  };
}
