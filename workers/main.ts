import { NativeConnection } from '@temporalio/worker';
import { createAppDataSource } from '../db/data-source';
import { handleHelp } from '../platform/cli/help';
import { runMain } from '../platform/cli/run-main';
import { loadConfig, requireServices } from '../platform/config';
import { logger } from '../platform/logger';
import { artifactStoreFor } from '../storage/configured-store';
import { createWorkers } from './create-workers';
import { processPlugin } from './process-plugin';
import { startWorkerTelemetry } from './worker-telemetry';

handleHelp(`
Usage: npm run worker [-- --help]

Runs Temporal workers for the task queues in PROVENANT_WORKER_QUEUES
(default: pipelines,training,scoring,monitoring) under PROVENANT_TASK_QUEUE_PREFIX.
Start more of these, on more machines, for more throughput.
Prometheus metrics (the worker's and the Temporal SDK's) at
http://HOST:PROVENANT_WORKER_METRICS_PORT/metrics (default 9464; 0 turns it off).
Needs DATABASE_URL and TEMPORAL_ADDRESS.
`);

runMain(async () => {
  const config = loadConfig();
  const { databaseUrl, temporalAddress } = requireServices(config);
  const dataSource = await createAppDataSource(databaseUrl, config.appDatabaseUrl).initialize();
  const telemetry = await startWorkerTelemetry(config, logger);
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const plugin = processPlugin(config, { dataSource, store: artifactStoreFor(config), logger }, telemetry);
  const workers = await createWorkers({ connection, queues: config.workerQueues, plugin });
  logger.info({ queues: config.workerQueues, prefix: config.taskQueuePrefix }, 'workers running');
  // Each worker stops on SIGINT/SIGTERM (the Temporal runtime handles them), finishing in-flight tasks.
  await Promise.all(workers.map((worker) => worker.run()));
  await connection.close();
  await telemetry.close();
  await dataSource.destroy();
});
