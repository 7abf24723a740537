import type { PipelineInput, TrainedModel } from '../../domain/pipeline';

export interface EvaluateInput extends PipelineInput {
  workflowId: string;
  model: TrainedModel;
  /** Trials are judged on the validation split; the final model on the test split. */
  on: 'validation' | 'test';
}

export type CandidateInput = Omit<EvaluateInput, 'on'>;
