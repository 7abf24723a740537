import { ApplicationFailure, executeChild } from '@temporalio/workflow';
import type { Hyperparameters, PipelineInput } from '../domain/pipeline';
import { workflowSearchAttributes } from '../domain/search-attributes';
import { betterThan, meetsTarget, type TrialRecord } from '../domain/tuning';
import { trialCandidates } from '../ml/tuning/trial-candidates';
import type { activitiesOn } from './activity-proxies';
import { failureMessage } from './failure-message';
import { tuningTrialWorkflow } from './tuning-trial.workflow';

export interface TuningOutcome {
  hyperparameters: Hyperparameters;
  bestTrialIndex: number;
}

/**
 * Runs trials as child workflows, `parallelism` at a time, recording each batch so
 * progress shows while the search runs, and stops once a trial meets the objective's
 * target or the budget is spent. The best trial's hyperparameters win.
 */
export async function tune(
  input: PipelineInput & { workflowId: string },
  bookkeeping: ReturnType<typeof activitiesOn>['bookkeeping'],
  trials: TrialRecord[],
): Promise<TuningOutcome> {
  const spec = input.tuning!;
  const { metric, goal, target } = spec.objective;
  const candidates = trialCandidates(spec, input.seed);
  let best: TrialRecord | undefined;
  for (let start = 0; start < candidates.length && !(best && meetsTarget(goal, best.metrics![metric], target)); start += spec.parallelism) {
    const batch = candidates.slice(start, start + spec.parallelism).map((params, offset): TrialRecord => ({
      index: start + offset,
      params: { ...input.hyperparameters, ...params },
      metrics: null,
      status: 'RUNNING',
      error: null,
    }));
    trials.push(...batch);
    await bookkeeping.recordTrials({ workflowId: input.workflowId, trials });
    const outcomes = await Promise.allSettled(
      batch.map((trial) =>
        executeChild(tuningTrialWorkflow, {
          workflowId: `${input.workflowId}:trial:${trial.index}`,
          taskQueue: input.taskQueues.pipelines,
          typedSearchAttributes: workflowSearchAttributes('tuning_trial', input.modelName),
          args: [{ ...input, hyperparameters: trial.params, trialIndex: trial.index }],
        }),
      ),
    );
    outcomes.forEach((outcome, i) => {
      const trial = batch[i];
      if (outcome.status === 'fulfilled') {
        trial.status = 'SUCCEEDED';
        trial.metrics = outcome.value;
        if (!best || betterThan(goal, outcome.value[metric], best.metrics![metric])) best = trial;
      } else {
        trial.status = 'FAILED';
        trial.error = failureMessage(outcome.reason);
      }
    });
    await bookkeeping.recordTrials({ workflowId: input.workflowId, trials });
  }
  if (!best) {
    throw ApplicationFailure.nonRetryable(`all ${trials.length} tuning trials failed; first error: ${trials[0]?.error}`, 'TuningFailed');
  }
  return { hyperparameters: best.params, bestTrialIndex: best.index };
}
