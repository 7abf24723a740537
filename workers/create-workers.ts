import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { taskQueuesFor } from '../domain/task-queues';
import type { WorkerQueueKind } from '../platform/config';

export interface WorkerOptions {
  /** Create it after `installTemporalRuntime()`, so the SDK logs through pino. */
  connection: NativeConnection;
  namespace: string;
  taskQueuePrefix: string;
  queues: WorkerQueueKind[];
  deps: ActivityDependencies;
}

/**
 * One Temporal worker per task queue kind. A process may run any subset, so training
 * and scoring can scale on their own machines while pipelines stay light.
 */
export async function createWorkers(options: WorkerOptions): Promise<Worker[]> {
  const queues = taskQueuesFor(options.taskQueuePrefix);
  const activities = createActivities(options.deps);
  const common = { connection: options.connection, namespace: options.namespace };
  const build: Record<WorkerQueueKind, () => Promise<Worker>> = {
    pipelines: () =>
      Worker.create({
        ...common,
        taskQueue: queues.pipelines,
        workflowsPath: require.resolve('../workflows'),
        activities: activities.pipelines,
      }),
    // Training, scoring and drift scans are CPU-bound: a couple at a time per process keeps them fair.
    training: () =>
      Worker.create({ ...common, taskQueue: queues.training, activities: activities.training, maxConcurrentActivityTaskExecutions: 2 }),
    scoring: () =>
      Worker.create({ ...common, taskQueue: queues.scoring, activities: activities.scoring, maxConcurrentActivityTaskExecutions: 2 }),
    monitoring: () =>
      Worker.create({ ...common, taskQueue: queues.monitoring, activities: activities.monitoring, maxConcurrentActivityTaskExecutions: 2 }),
  };
  return Promise.all(options.queues.map((kind) => build[kind]()));
}
