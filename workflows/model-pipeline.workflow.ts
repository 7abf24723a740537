import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { PipelineActivities, ScoringActivities, TrainingActivities } from '../activities';
import {
  initialStageRecords,
  type PipelineInput,
  type PipelineResult,
  type PipelineStage,
  type PipelineStatus,
} from '../domain/pipeline';
import { NON_RETRYABLE_FAILURES, pipelineProgressQuery, type PipelineProgress } from '../domain/workflow-contracts';

/** Database writes: brief outages (a Postgres restart) heal within a minute or two. */
const bookkeepingRetry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 10,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/** Heavy stages: a crashed worker or a killed process is worth a few more tries, not dozens. */
const heavyRetry: RetryPolicy = {
  initialInterval: '5s',
  backoffCoefficient: 2,
  maximumInterval: '2m',
  maximumAttempts: 3,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/** validate → train → evaluate → register, each stage recorded as it starts and ends. */
export async function modelPipelineWorkflow(input: PipelineInput): Promise<PipelineResult> {
  const { workflowId } = workflowInfo();
  const queues = input.taskQueues;
  const bookkeeping = proxyActivities<PipelineActivities>({
    taskQueue: queues.pipelines,
    startToCloseTimeout: '1m',
    retry: bookkeepingRetry,
  });
  const training = proxyActivities<TrainingActivities>({
    taskQueue: queues.training,
    startToCloseTimeout: '2h',
    heartbeatTimeout: '2m',
    retry: heavyRetry,
  });
  const scoring = proxyActivities<ScoringActivities>({
    taskQueue: queues.scoring,
    startToCloseTimeout: '1h',
    heartbeatTimeout: '2m',
    retry: heavyRetry,
  });

  const progress: PipelineProgress = { status: 'RUNNING', currentStage: 'validate', stages: initialStageRecords() };
  setHandler(pipelineProgressQuery, () => progress);

  async function stage<T>(name: PipelineStage, run: () => Promise<T>): Promise<T> {
    const record = progress.stages.find((s) => s.name === name)!;
    progress.currentStage = name;
    record.status = 'RUNNING';
    await bookkeeping.recordStage({ workflowId, stage: name, status: 'RUNNING' });
    try {
      const result = await run();
      record.status = 'SUCCEEDED';
      await bookkeeping.recordStage({ workflowId, stage: name, status: 'SUCCEEDED' });
      return result;
    } catch (error) {
      const cancelled = isCancellation(error);
      const status: PipelineStatus = cancelled ? 'CANCELLED' : 'FAILED';
      const message = cancelled ? 'cancelled' : failureMessage(error);
      record.status = status;
      record.error = message;
      progress.status = status;
      // Recording the outcome must happen even when the run itself was cancelled.
      await CancellationScope.nonCancellable(async () => {
        await bookkeeping.recordStage({ workflowId, stage: name, status, error: message });
        await bookkeeping.completePipeline({ workflowId, status, error: `${name}: ${message}` });
      });
      if (cancelled) throw error;
      throw ApplicationFailure.nonRetryable(`${name} failed: ${message}`, 'PipelineStageFailed');
    }
  }

  const context = { ...input, workflowId };
  await stage('validate', () => bookkeeping.validateTrainingData(context));
  const model = await stage('train', () => training.trainModel(context));
  const evaluation = await stage('evaluate', () => scoring.evaluateModel({ ...context, model }));
  const registered = await stage('register', () => bookkeeping.registerModelVersion({ ...context, model, evaluation }));
  await bookkeeping.completePipeline({ workflowId, status: 'SUCCEEDED' });
  progress.status = 'SUCCEEDED';
  return { status: 'SUCCEEDED', modelVersionId: registered.modelVersionId };
}

/** The innermost cause is the message a person can act on. */
function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}
