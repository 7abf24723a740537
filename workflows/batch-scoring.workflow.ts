import { ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import type { BatchScoringInput, BatchScoringResult } from '../domain/batch-scoring';
import { activitiesOn, batchScoringActivitiesOn } from './activity-proxies';
import { failureMessage } from './failure-message';

/**
 * Scores a dataset with one model version in resumable chunks, then publishes the
 * scored rows as a new dataset version. A job that cannot finish is marked FAILED with
 * the reason a person can act on.
 */
export async function batchScoringWorkflow(input: BatchScoringInput): Promise<BatchScoringResult> {
  const { bookkeeping } = activitiesOn(input.taskQueues);
  const scoring = batchScoringActivitiesOn(input.taskQueues);
  try {
    await scoring.scoreDatasetChunks(input);
    return await scoring.publishBatchOutput(input);
  } catch (error) {
    const message = isCancellation(error) ? 'cancelled' : failureMessage(error);
    // Recording the outcome must happen even when the job itself was cancelled.
    await CancellationScope.nonCancellable(() => bookkeeping.failBatchScoring({ jobId: input.jobId, error: message }));
    if (isCancellation(error)) throw error;
    throw ApplicationFailure.nonRetryable(`batch scoring failed: ${message}`, 'BatchScoringFailed');
  }
}
