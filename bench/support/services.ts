import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { taskQueuesFor } from '../../domain/task-queues';
import { loadConfig, WORKER_QUEUE_KINDS, type WorkerQueueKind } from '../../platform/config';
import { freePort } from '../../platform/free-port';
import { logger } from '../../platform/logger';
import { startLocalStack } from '../../platform/local-stack';
import { startServiceProcess, type ServiceProcess } from '../../platform/service-process';
import { startHarness, type Harness } from '../../test/support/harness';

export interface BenchServicesOptions {
  /**
   * Queues served by a worker process of their own (`dist/workers/main.js` with
   * PROVENANT_WORKER_QUEUES), as a deployment dedicates workers to the CPU-heavy queues;
   * the bench's process serves the others. Default: none, every queue in-process.
   */
  separateQueues?: WorkerQueueKind[];
}

/**
 * A complete Provenant for one benchmark, built as `npm test` builds its own: an embedded
 * Postgres and a Temporal dev server on free ports in a temporary directory (or
 * DATABASE_URL / TEMPORAL_ADDRESS when set), then the test harness on them, which runs
 * the workers in this process and the API on a free port with a token per role.
 * stop() removes everything.
 */
export async function startBenchServices(options: BenchServicesOptions = {}): Promise<{ harness: Harness; stop(): Promise<void> }> {
  const separateQueues = options.separateQueues ?? [];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'provenant-bench-'));
  const stack = await startLocalStack({ ...loadConfig(), dataDir }, { postgres: await freePort(), temporal: await freePort() }, logger);
  // The harness finds the services where `npm test` tells its test processes to look.
  process.env.PROVENANT_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.PROVENANT_TEST_TEMPORAL_ADDRESS = stack.temporal.address;
  process.env.PROVENANT_TEST_DATA_DIR = dataDir;
  let harness: Harness | undefined;
  let worker: ServiceProcess | undefined;
  try {
    harness = await startHarness({ queues: WORKER_QUEUE_KINDS.filter((kind) => !separateQueues.includes(kind)) });
    if (separateQueues.length > 0) {
      worker = startWorkerProcess(harness, separateQueues);
      await untilPolled(harness, separateQueues, worker);
    }
  } catch (error) {
    await worker?.stop();
    await harness?.close();
    await stack.stop();
    throw error;
  }
  return {
    harness,
    async stop() {
      await worker?.stop();
      await harness!.close();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function startWorkerProcess(harness: Harness, queues: WorkerQueueKind[]): ServiceProcess {
  const { config } = harness;
  return startServiceProcess(path.join('workers', 'main.js'), {
    DATABASE_URL: harness.databaseUrl,
    TEMPORAL_ADDRESS: config.temporalAddress!,
    TEMPORAL_NAMESPACE: config.temporalNamespace,
    PROVENANT_TASK_QUEUE_PREFIX: config.taskQueuePrefix,
    PROVENANT_DATA_DIR: config.dataDir,
    PROVENANT_DATA_ROOTS: config.dataRoots.join(path.delimiter),
    PROVENANT_WORKER_QUEUES: queues.join(','),
    PROVENANT_WORKER_METRICS_PORT: '0',
    ...(config.decisionSigningKey ? { PROVENANT_DECISION_SIGNING_KEY: config.decisionSigningKey } : {}),
    ...(config.auditSigningKey ? { PROVENANT_AUDIT_SIGNING_KEY: config.auditSigningKey } : {}),
    LOG_LEVEL: 'warn',
  });
}

/** Until the worker process polls every one of its queues for activities, so the first task does not wait for it to start. */
async function untilPolled(harness: Harness, queues: WorkerQueueKind[], worker: ServiceProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  const names = taskQueuesFor(harness.config.taskQueuePrefix);
  for (const kind of queues) {
    for (;;) {
      const { pollers } = await harness.temporal.workflowService.describeTaskQueue({
        namespace: harness.config.temporalNamespace,
        taskQueue: { name: names[kind] },
        taskQueueType: 2, // TASK_QUEUE_TYPE_ACTIVITY
      });
      if ((pollers ?? []).length > 0) break;
      if (Date.now() > deadline) throw new Error(`the worker process never polled ${names[kind]}:\n${worker.recentLogs().join('\n')}`);
      await sleep(250);
    }
  }
}
