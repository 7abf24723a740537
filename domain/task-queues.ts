/**
 * Heavy work runs on its own task queues so it can be scaled on other machines.
 * All queues share a prefix, so several deployments (or test runs) can share one
 * Temporal namespace without stealing each other's tasks.
 */
export interface TaskQueues {
  pipelines: string;
  training: string;
  scoring: string;
  /** Drift scans: column groups and concept drift, CPU- and I/O-heavy like scoring. */
  monitoring: string;
}

export function taskQueuesFor(prefix: string): TaskQueues {
  return {
    pipelines: `${prefix}.pipelines`,
    training: `${prefix}.training`,
    scoring: `${prefix}.scoring`,
    monitoring: `${prefix}.monitoring`,
  };
}
