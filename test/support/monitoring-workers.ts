import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { taskQueuesFor } from '../../domain/task-queues';
import { startServiceProcess, type ServiceProcess } from '../../platform/service-process';
import type { Harness } from './harness';

/** A worker process of its own on the harness's monitoring queue, so scans spread over it and its memory is its own. */
export function startMonitoringWorker(harness: Harness): ServiceProcess {
  return startServiceProcess(path.join('workers', 'main.js'), {
    DATABASE_URL: harness.databaseUrl,
    TEMPORAL_ADDRESS: harness.config.temporalAddress!,
    TEMPORAL_NAMESPACE: harness.config.temporalNamespace,
    PROVENANT_TASK_QUEUE_PREFIX: harness.config.taskQueuePrefix,
    PROVENANT_DATA_DIR: harness.config.dataDir,
    PROVENANT_WORKER_QUEUES: 'monitoring',
    PROVENANT_WORKER_METRICS_PORT: '0',
    PROVENANT_DECISION_SIGNING_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  });
}

/** Resolves once `workers` distinct workers poll the monitoring queue for activities. */
export async function untilMonitoringPolledBy(harness: Harness, workers: number): Promise<void> {
  const taskQueue = taskQueuesFor(harness.config.taskQueuePrefix).monitoring;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { pollers } = await harness.temporal.workflowService.describeTaskQueue({
      namespace: harness.config.temporalNamespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 2, // TASK_QUEUE_TYPE_ACTIVITY
    });
    if (new Set((pollers ?? []).map((poller) => poller.identity)).size >= workers) return;
    if (Date.now() > deadline) throw new Error(`${workers} monitoring workers never polled ${taskQueue}`);
    await sleep(250);
  }
}
