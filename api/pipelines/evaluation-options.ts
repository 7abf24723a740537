import { badInput } from '../../domain/errors';
import type { ChampionRule, QualityGate } from '../../domain/evaluation';
import type { ColumnSchema } from '../../domain/dataset';
import type { ModelTask } from '../../domain/pipeline';
import type { StartModelPipelineInput } from './pipeline.types';

/** What the evaluate stage measures, by task; quality gates may name any of these. */
export const GATE_MEASURES: Record<ModelTask, { metrics: string[]; fairness: string[] }> = {
  CLASSIFICATION: {
    metrics: ['accuracy', 'macroF1', 'macroPrecision', 'macroRecall', 'logLoss', 'rocAucMacro'],
    fairness: ['demographicParityDifference', 'equalOpportunityDifference'],
  },
  REGRESSION: { metrics: ['rmse', 'mae', 'r2'], fairness: ['maxRmseGap'] },
};

export interface EvaluationOptions {
  qualityGates: QualityGate[];
  mustBeatChampion: ChampionRule | null;
  sensitiveFeature: string | null;
  favorableLabel: string | null;
}

/** Checks gates, the champion rule and the fairness options against the task and the dataset's columns. */
export function evaluationOptions(request: StartModelPipelineInput, schema: ColumnSchema[]): EvaluationOptions {
  const sensitiveFeature = request.sensitiveFeature ?? null;
  if (sensitiveFeature !== null && !schema.some((column) => column.name === sensitiveFeature)) {
    throw badInput('input.sensitiveFeature', `column ${JSON.stringify(sensitiveFeature)} is not in the dataset`);
  }
  const favorableLabel = request.favorableLabel ?? null;
  if (favorableLabel !== null && (request.task !== 'CLASSIFICATION' || sensitiveFeature === null)) {
    throw badInput('input.favorableLabel', 'applies to classification with a sensitiveFeature only');
  }
  const measures = GATE_MEASURES[request.task];
  const gateable = [...measures.metrics, ...(sensitiveFeature === null ? [] : measures.fairness)];
  const qualityGates = (request.qualityGates ?? []).map((gate, index) => {
    const field = `input.qualityGates[${index}]`;
    if (!gateable.includes(gate.metric)) {
      throw badInput(`${field}.metric`, `must be one of ${gateable.join(', ')}${sensitiveFeature === null ? ' (fairness measures need a sensitiveFeature)' : ''}`);
    }
    if (!Number.isFinite(gate.value)) throw badInput(`${field}.value`, 'must be a finite number');
    return { metric: gate.metric, op: gate.op, value: gate.value };
  });
  const rule = request.mustBeatChampion;
  if (rule && !measures.metrics.includes(rule.metric)) {
    throw badInput('input.mustBeatChampion.metric', `must be one of ${measures.metrics.join(', ')}`);
  }
  if (rule && !(Number.isFinite(rule.minDelta) && rule.minDelta >= 0)) {
    throw badInput('input.mustBeatChampion.minDelta', 'must be a non-negative number');
  }
  return { qualityGates, mustBeatChampion: rule ? { metric: rule.metric, minDelta: rule.minDelta } : null, sensitiveFeature, favorableLabel };
}
