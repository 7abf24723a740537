import type { INestApplication } from '@nestjs/common';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createApi } from '../../api/create-api';
import { connectAndMigrate, createAppDataSource } from '../../db/data-source';
import { loadConfig, REPO_ROOT, type Config, type WorkerQueueKind } from '../../platform/config';
import { ensureDatabase } from '../../platform/embedded-postgres';
import { freePort } from '../../platform/free-port';
import { logger } from '../../platform/logger';
import { ensureSearchAttributes } from '../../platform/search-attributes';
import { workflowClientInterceptors } from '../../platform/tracing';
import { provenantApiIdentity } from '../../platform/temporal-identity';
import { artifactStoreFor } from '../../storage/configured-store';
import { createWorkers } from '../../workers/create-workers';
import { processPlugin } from '../../workers/process-plugin';
import { startWorkerTelemetry } from '../../workers/worker-telemetry';
import { captureHistories } from './history-capture';

/** Bearer tokens the harness configures, one per role. */
export const TOKENS = {
  viewer: 'viewer-token-1',
  engineer: 'engineer-token-1',
  approver: 'approver-token-1',
  ops: 'ops-token-1',
  admin: 'admin-token-1',
} as const;

/** The scrape token the harness configures: it reads /metrics and opens nothing else. */
export const METRICS_TOKEN = 'metrics-scrape-token-1';
/** A serving client of every model in both environments, for suites that send inference requests. */
export const SERVING_TOKEN = 'serving-token-1';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const SAMPLE_DATA = path.join(REPO_ROOT, 'sample-data');

export interface GraphqlResponse<T = Record<string, any>> {
  data: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface Harness {
  config: Config;
  url: string;
  /** The owner's connection (the embedded superuser), for setting up and inspecting what the application cannot. */
  dataSource: DataSource;
  /** The connection the API and workers use: every session runs as provenant_app. */
  appDataSource: DataSource;
  temporal: Client;
  databaseUrl: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphqlResponse<T>>;
  /** Stops every worker (in-flight workflows stay on the server) and starts fresh ones. */
  restartWorkers(): Promise<void>;
  close(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through \`npm test\`, which starts Postgres and Temporal`);
  return value;
}

export interface HarnessOptions {
  /** Extra environment for the configuration, e.g. the Slack settings pointing at a fake. */
  env?: Record<string, string>;
  /** The queues the in-process workers serve (default: all), so a test can run a queue's worker as a process of its own. */
  queues?: WorkerQueueKind[];
  /** More `token:role:name` entries besides TOKENS, e.g. a second admin. */
  extraTokens?: string[];
}

/**
 * A complete Provenant on the real services `npm test` started: its own database,
 * its own task-queue prefix (so suites never steal each other's tasks), workers for
 * every queue, and the API on a free port.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const suite = `t${randomBytes(5).toString('hex')}`;
  const serverUrl = new URL(requiredEnv('PROVENANT_TEST_DATABASE_URL'));
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  await ensureDatabase(adminUrl.href, `provenant_${suite}`);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/provenant_${suite}`;

  const dataDir = await mkdtemp(path.join(requiredEnv('PROVENANT_TEST_DATA_DIR'), `${suite}-`));
  // Chosen up front so the links the API hands out (PROVENANT_PUBLIC_URL) point at this API.
  const port = await freePort();
  const config = loadConfig({
    PROVENANT_DATA_DIR: dataDir,
    PROVENANT_DATA_ROOTS: [SAMPLE_DATA, FIXTURES, dataDir].join(path.delimiter),
    PROVENANT_TASK_QUEUE_PREFIX: suite,
    PROVENANT_API_TOKENS: [...Object.entries(TOKENS).map(([role, token]) => `${token}:${role}:${role}-user`), ...(options.extraTokens ?? [])].join(','),
    PROVENANT_METRICS_TOKEN: METRICS_TOKEN,
    PROVENANT_SERVING_TOKENS: `${SERVING_TOKEN}:*:STAGING|PRODUCTION:serving-client`,
    DATABASE_URL: databaseUrl.href,
    TEMPORAL_ADDRESS: requiredEnv('PROVENANT_TEST_TEMPORAL_ADDRESS'),
    PORT: String(port),
    // Off unless a suite asks for a port, so suites never contend for the default one.
    PROVENANT_WORKER_METRICS_PORT: '0',
    PROVENANT_DECISION_SIGNING_KEY: randomBytes(32).toString('hex'),
    PROVENANT_AUDIT_SIGNING_KEY: randomBytes(32).toString('hex'),
    ...options.env,
  });
  const dataSource = await connectAndMigrate(databaseUrl.href);
  const appDataSource = await createAppDataSource(databaseUrl.href, undefined).initialize();
  const store = artifactStoreFor(config);
  const telemetry = await startWorkerTelemetry(config, logger);
  const nativeConnection = await NativeConnection.connect({ address: config.temporalAddress! });
  await ensureSearchAttributes(nativeConnection, config.temporalNamespace, logger);
  const plugin = processPlugin(config, { dataSource: appDataSource, store, logger }, telemetry);
  const startWorkers = async () => {
    const started = await createWorkers({ connection: nativeConnection, queues: options.queues ?? config.workerQueues, plugin });
    return { workers: started, runs: started.map((worker) => worker.run()) };
  };
  let running = await startWorkers();
  const stopWorkers = async () => {
    running.workers.forEach((worker) => worker.shutdown());
    await Promise.all(running.runs);
  };
  const connection = await Connection.connect({ address: config.temporalAddress! });
  const temporal = new Client({
    connection,
    namespace: config.temporalNamespace,
    identity: provenantApiIdentity(),
    interceptors: { workflow: workflowClientInterceptors(telemetry.tracing) },
  });
  const app: INestApplication = await createApi({ config, dataSource: appDataSource, temporal, store });
  await app.listen(port, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;

  return {
    config,
    url,
    dataSource,
    appDataSource,
    temporal,
    databaseUrl: databaseUrl.href,
    async gql(query, variables = {}, token = TOKENS.admin) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphqlResponse<any>;
    },
    async restartWorkers() {
      await stopWorkers();
      running = await startWorkers();
    },
    async close() {
      // `npm run replay:capture` sets this to collect replay fixtures from every suite's real runs.
      const captureDir = process.env.PROVENANT_CAPTURE_HISTORIES;
      if (captureDir) await captureHistories(temporal, `${config.taskQueuePrefix}.pipelines`, captureDir);
      await app.close();
      await stopWorkers();
      await telemetry.close();
      await connection.close();
      await nativeConnection.close();
      await appDataSource.destroy();
      await dataSource.destroy();
    },
  };
}

/** Registers a dataset file through GraphQL and returns the new version's id. */
export async function registerDataset(harness: Harness, name: string, uri: string): Promise<string> {
  const registered = await harness.gql(`mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`, { input: { name, uri } });
  assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
  return registered.data!.registerDataset.id;
}

/** Polls `pipelineRun` until it leaves RUNNING. */
export async function waitForPipeline(harness: Harness, workflowId: string, timeoutMs = 120_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data, errors } = await harness.gql(PIPELINE_RUN_QUERY, { workflowId });
    if (errors) throw new Error(`pipelineRun failed: ${JSON.stringify(errors)}`);
    const run = data!.pipelineRun;
    if (run.status !== 'RUNNING') return run;
    if (Date.now() > deadline) throw new Error(`pipeline ${workflowId} still RUNNING after ${timeoutMs} ms: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const PIPELINE_RUN_QUERY = `
  query Run($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) {
      id workflowId modelName status currentStage error requestedBy datasetVersionId
      validationReport { id status checks { name column observed threshold status message } }
      stages { name status attempts startedAt finishedAt error }
      modelVersion { id version modelName metrics artifactUri artifactSha256 classLabels features target hyperparameters }
    }
  }`;

/** A refused request: no data, one error with the expected code, field and message. */
export function assertError(response: GraphqlResponse, code: string, field: string | undefined, message: RegExp): void {
  assert.equal(response.data, null, `expected no data, got ${JSON.stringify(response.data)}`);
  assert.equal(response.errors?.length, 1, JSON.stringify(response.errors));
  const [error] = response.errors!;
  assert.equal(error.extensions?.code, code, JSON.stringify(error));
  assert.equal(error.extensions?.field, field, JSON.stringify(error));
  assert.match(error.message, message);
}
