import { NativeConnection, Worker } from '@temporalio/worker';
import { taskQueuesFor } from '../domain/task-queues';
import type { WorkerQueueKind } from '../platform/config';
import type { ProvenantPlugin } from '../plugin/provenant-plugin';

export interface WorkerOptions {
  /** Create it after `startWorkerTelemetry()`, so the SDK logs through pino and reports its metrics. */
  connection: NativeConnection;
  queues: WorkerQueueKind[];
  /** Provenant's own processes wire their workers the way any user's worker does. */
  plugin: ProvenantPlugin;
}

/**
 * One Temporal worker per task queue kind. A process may run any subset, so training
 * and scoring can scale on their own machines while pipelines stay light.
 */
export async function createWorkers({ connection, queues, plugin }: WorkerOptions): Promise<Worker[]> {
  const taskQueues = taskQueuesFor(plugin.config.taskQueuePrefix);
  const common = { connection, namespace: plugin.config.temporalNamespace, plugins: [plugin] };
  const build: Record<WorkerQueueKind, () => Promise<Worker>> = {
    pipelines: () => Worker.create({ ...common, taskQueue: taskQueues.pipelines, workflowsPath: require.resolve('../workflows') }),
    // Training, scoring and drift scans are CPU-bound: a couple at a time per process keeps them fair.
    training: () => Worker.create({ ...common, taskQueue: taskQueues.training, maxConcurrentActivityTaskExecutions: 2 }),
    scoring: () => Worker.create({ ...common, taskQueue: taskQueues.scoring, maxConcurrentActivityTaskExecutions: 2 }),
    monitoring: () => Worker.create({ ...common, taskQueue: taskQueues.monitoring, maxConcurrentActivityTaskExecutions: 2 }),
  };
  return Promise.all(queues.map((kind) => build[kind]()));
}
