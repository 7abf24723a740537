/**
 * Heavy work runs on its own task queues so it can be scaled on other machines.
 * All queues share a prefix, so several deployments (or test runs) can share one
 * Temporal namespace without stealing each other's tasks.
 */
export interface TaskQueues {
  pipelines: string;
  training: string;
  scoring: string;
}

const PIPELINES_SUFFIX = '.pipelines';

export function taskQueuesFor(prefix: string): TaskQueues {
  return {
    pipelines: `${prefix}${PIPELINES_SUFFIX}`,
    training: `${prefix}.training`,
    scoring: `${prefix}.scoring`,
  };
}

/** Recovers the prefix from the pipelines queue a workflow runs on. */
export function prefixOfPipelinesQueue(taskQueue: string): string {
  if (!taskQueue.endsWith(PIPELINES_SUFFIX)) {
    throw new Error(`task queue ${taskQueue} is not a pipelines queue (expected suffix ${PIPELINES_SUFFIX})`);
  }
  return taskQueue.slice(0, -PIPELINES_SUFFIX.length);
}
