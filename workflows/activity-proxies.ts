import { proxyActivities, proxyLocalActivities, type RetryPolicy } from '@temporalio/workflow';
import type { MonitoringActivities, PipelineActivities, ScoringActivities, TrainingActivities } from '../activities';
import type { TaskQueues } from '../domain/task-queues';
import { NON_RETRYABLE_FAILURES } from '../domain/workflow-contracts';

/** Database writes: brief outages (a Postgres restart) heal within a minute or two. */
const bookkeepingRetry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 10,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/** Heavy stages: a crashed worker or a killed trainer is worth a few more tries, not dozens. */
const heavyRetry: RetryPolicy = {
  initialInterval: '5s',
  backoffCoefficient: 2,
  maximumInterval: '2m',
  maximumAttempts: 3,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/** The activities a pipeline calls, each group on its own task queue with its own policy. */
export function activitiesOn(queues: TaskQueues) {
  return {
    bookkeeping: proxyActivities<PipelineActivities>({ taskQueue: queues.pipelines, startToCloseTimeout: '1m', retry: bookkeepingRetry }),
    // External trainers enforce their own registered timeout (at most 24 h); this only bounds
    // the activity around it. A dead worker is noticed by the heartbeat timeout instead.
    training: proxyActivities<TrainingActivities>({ taskQueue: queues.training, startToCloseTimeout: '25h', heartbeatTimeout: '1m', retry: heavyRetry }),
    scoring: proxyActivities<ScoringActivities>({ taskQueue: queues.scoring, startToCloseTimeout: '1h', heartbeatTimeout: '2m', retry: heavyRetry }),
  };
}

/**
 * An approval gate's bookkeeping, on the task queue the gate runs on (undefined: its own),
 * so a gate requested from a user's worker is served by that worker's ProvenantPlugin.
 */
export function gateActivitiesOn(taskQueue: string | undefined) {
  return proxyActivities<PipelineActivities>({ taskQueue, startToCloseTimeout: '1m', retry: bookkeepingRetry });
}

/**
 * A gate's decision write, as a local activity: the worker holding the gate runs it inside
 * the workflow task that validated the decision (every worker with ProvenantPlugin has the
 * activity), so neither the write nor the update's reply waits for a task queue round trip.
 */
export function gateDecisionWriter() {
  return proxyLocalActivities<Pick<PipelineActivities, 'recordGateDecision'>>({ startToCloseTimeout: '1m', retry: bookkeepingRetry });
}

/** A release gate's outcome read from the registry, as a local activity: in the workflow task told the gate settled. */
export function settledGateReader() {
  return proxyLocalActivities<Pick<PipelineActivities, 'settledGateOutcome'>>({ startToCloseTimeout: '1m', retry: bookkeepingRetry });
}

/** Batch scoring checkpoints every chunk, so each retry loses at most one chunk of work and resumes sooner. */
const batchScoringRetry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  maximumAttempts: 5,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/**
 * Batch scoring's chunks and their publication, on the scoring queue (its bookkeeping is the
 * pipelines'). A large dataset may take hours, but a worker that stops heartbeating for
 * 10 s is taken for dead, so a crash costs seconds before another worker resumes the job.
 */
export function batchScoringActivitiesOn(queues: TaskQueues) {
  return proxyActivities<ScoringActivities>({ taskQueue: queues.scoring, startToCloseTimeout: '24h', heartbeatTimeout: '10s', retry: batchScoringRetry });
}

/** A drift scan's compute activities read whole samples: a dead worker is noticed within 30 s and the work redone. */
const driftComputeRetry: RetryPolicy = {
  initialInterval: '2s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  maximumAttempts: 5,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES],
};

/** A drift scan's heavy work, on the monitoring queue so scans scale on their own workers. */
export function monitoringActivitiesOn(queues: TaskQueues) {
  return proxyActivities<MonitoringActivities>({ taskQueue: queues.monitoring, startToCloseTimeout: '2h', heartbeatTimeout: '30s', retry: driftComputeRetry });
}
