import { badInput } from '../../domain/errors';
import type { ChampionRule, QualityCheck } from '../../domain/evaluation';
import type { ColumnSchema } from '../../domain/dataset';
import type { ModelTask } from '../../domain/pipeline';
import type { StartModelPipelineInput } from './pipeline.types';

/** What the evaluate stage measures, by task; quality checks may name any of these. */
export const CHECKABLE_MEASURES: Record<ModelTask, { metrics: string[]; fairness: string[] }> = {
  CLASSIFICATION: {
    metrics: ['accuracy', 'macroF1', 'macroPrecision', 'macroRecall', 'logLoss', 'rocAucMacro'],
    fairness: ['demographicParityDifference', 'equalOpportunityDifference'],
  },
  REGRESSION: { metrics: ['rmse', 'mae', 'r2'], fairness: ['maxRmseGap'] },
};

export interface EvaluationOptions {
  qualityChecks: QualityCheck[];
  mustBeatChampion: ChampionRule | null;
  sensitiveFeature: string | null;
  favorableLabel: string | null;
}

/** Checks the quality checks, the champion rule and the fairness options against the task and the dataset's columns. */
export function evaluationOptions(request: StartModelPipelineInput, schema: ColumnSchema[]): EvaluationOptions {
  const sensitiveFeature = request.sensitiveFeature ?? null;
  if (sensitiveFeature !== null && !schema.some((column) => column.name === sensitiveFeature)) {
    throw badInput('input.sensitiveFeature', `column ${JSON.stringify(sensitiveFeature)} is not in the dataset`);
  }
  const favorableLabel = request.favorableLabel ?? null;
  if (favorableLabel !== null && (request.task !== 'CLASSIFICATION' || sensitiveFeature === null)) {
    throw badInput('input.favorableLabel', 'applies to classification with a sensitiveFeature only');
  }
  const measures = CHECKABLE_MEASURES[request.task];
  const checkable = [...measures.metrics, ...(sensitiveFeature === null ? [] : measures.fairness)];
  const qualityChecks = (request.qualityChecks ?? []).map((check, index) => {
    const field = `input.qualityChecks[${index}]`;
    if (!checkable.includes(check.metric)) {
      throw badInput(`${field}.metric`, `must be one of ${checkable.join(', ')}${sensitiveFeature === null ? ' (fairness measures need a sensitiveFeature)' : ''}`);
    }
    if (!Number.isFinite(check.value)) throw badInput(`${field}.value`, 'must be a finite number');
    return { metric: check.metric, op: check.op, value: check.value };
  });
  const rule = request.mustBeatChampion;
  if (rule && !measures.metrics.includes(rule.metric)) {
    throw badInput('input.mustBeatChampion.metric', `must be one of ${measures.metrics.join(', ')}`);
  }
  if (rule && !(Number.isFinite(rule.minDelta) && rule.minDelta >= 0)) {
    throw badInput('input.mustBeatChampion.minDelta', 'must be a non-negative number');
  }
  return { qualityChecks, mustBeatChampion: rule ? { metric: rule.metric, minDelta: rule.minDelta } : null, sensitiveFeature, favorableLabel };
}
