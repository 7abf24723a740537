import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface WorkerMetrics {
  registry: Registry;
  /** Wall time of each activity attempt, by type, task queue and outcome (completed, failed, cancelled). */
  activityDuration: Histogram<'activity_type' | 'task_queue' | 'outcome'>;
  /** Pipeline runs this process recorded as finished, by final status. */
  pipelineRunsFinished: Counter<'status'>;
}

/**
 * The worker's own metrics, beside the Temporal SDK's: a registry per call, so the
 * harness's in-process workers never share counts with another registry in the process.
 */
export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const activityDuration = new Histogram({
    name: 'provenant_activity_duration_seconds',
    help: 'Activity attempt wall time, by activity type, task queue and outcome (completed, failed, cancelled).',
    labelNames: ['activity_type', 'task_queue', 'outcome'] as const,
    // From bookkeeping writes (milliseconds) to training runs (tens of minutes).
    buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const pipelineRunsFinished = new Counter({
    name: 'provenant_pipeline_runs_finished_total',
    help: 'Pipeline runs recorded as finished by this worker, by final status (SUCCEEDED, FAILED, QUALITY_CHECKS_FAILED, REJECTED, …).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  return { registry, activityDuration, pipelineRunsFinished };
}
