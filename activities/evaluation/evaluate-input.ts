import type { QualityCheck } from '../../domain/evaluation';
import type { PipelineInput, TrainedModel } from '../../domain/pipeline';

export interface EvaluateInput extends PipelineInput {
  workflowId: string;
  model: TrainedModel;
  /** Trials are judged on the validation split; the final model on the test split. */
  on: 'validation' | 'test';
}

export type CandidateInput = Omit<EvaluateInput, 'on'> & {
  /** How runs started before quality checks were renamed from gates recorded them in their (replayed) input. */
  qualityGates?: QualityCheck[];
};

/** The thresholds the run asked for, under today's name first. */
export function qualityChecksOf(input: CandidateInput): QualityCheck[] {
  return input.qualityChecks ?? input.qualityGates ?? [];
}
