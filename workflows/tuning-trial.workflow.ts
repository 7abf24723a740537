import type { Metrics, PipelineInput } from '../domain/pipeline';
import { activitiesOn } from './activity-proxies';
import { trainWith } from './train-with';

export interface TuningTrialInput extends PipelineInput {
  /** The parent pipeline's workflow id: trials read its run's data and splits. */
  workflowId: string;
  trialIndex: number;
}

/** One tuning trial: train with the trial's hyperparameters, score on the validation split. */
export async function tuningTrialWorkflow(input: TuningTrialInput): Promise<Metrics> {
  const { training, scoring } = activitiesOn(input.taskQueues);
  const model = await trainWith(training, input);
  const evaluation = await scoring.evaluateModel({ ...input, model, on: 'validation' });
  return evaluation.metrics;
}
