import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { connectAndMigrate } from '../db/data-source';
import { decisionVerifyKey } from '../domain/decision-attestation';
import { readOrCreateAdminToken, readOrCreateAuditSigningKey, readOrCreateDecisionSigningKey } from './admin-token';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from './embedded-postgres';
import { freePort } from './free-port';
import { startS3Server, type S3Server } from './local-s3-server';
import type { Logger } from './logger';
import { ensureSearchAttributes } from './search-attributes';
import { startServiceProcess, type ServiceProcess } from './service-process';
import { ensureTemporalServerBuild } from './temporal-server-build';
import { startTemporalServer, type TemporalServer } from './temporal-server';
import { waitForHealth } from './wait-for-health';

export interface ProductionStackOptions {
  /** State of every part: Postgres data, the Temporal server's config, keys, each process's own data directory. */
  dir: string;
  logger: Logger;
  /** Fixed ports for what people open; free ones when left out. */
  ports?: { postgres?: number; temporal?: number; apis?: number[]; serving?: number };
  apiCount?: number;
  /** Worker processes; each serves every task queue, so each queue has this many pollers' processes. */
  workerCount?: number;
  /** More environment for every Provenant process (tokens, Slack settings, …). */
  env?: Record<string, string>;
}

export interface ApiInstance {
  url: string;
  process: ServiceProcess;
}

/**
 * Provenant as it runs when it outgrows one process: Temporal's own server on Postgres,
 * several API instances and worker processes sharing nothing but Postgres, Temporal and an
 * S3 bucket (each has a data directory of its own, which holds nothing the others need),
 * and a serving process. Every part can be killed (SIGKILL) and started again.
 */
export interface ProductionStack {
  databaseUrl: string;
  temporal: TemporalServer;
  s3: S3Server;
  artifactStore: string;
  apis: ApiInstance[];
  workers: ServiceProcess[];
  serving: ApiInstance;
  adminToken: string;
  /** What every Provenant process got, for one started beside them. */
  env: Record<string, string>;
  /** kill -9 of the postmaster: no shutdown checkpoint; the next start recovers from the WAL. */
  killPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** The last log lines of every process, to explain a failure. */
  recentLogs(): string;
  stop(): Promise<void>;
}

const BUCKET = 'provenant';
/** Several Node processes starting at once on two cores take a while. */
const START_TIMEOUT_MS = 180_000;

export async function startProductionStack(options: ProductionStackOptions): Promise<ProductionStack> {
  const { dir, logger } = options;
  await mkdir(dir, { recursive: true });
  const build = await ensureTemporalServerBuild(logger);
  const pgPort = options.ports?.postgres ?? (await freePort());
  const startPostgres = () => startEmbeddedPostgres({ dataDir: dir, port: pgPort, database: 'provenant', logger });
  let postgres: EmbeddedPostgresServer = await startPostgres();
  const stops: Array<() => Promise<void>> = [() => postgres.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping a part of the stack failed'));
  };
  try {
    const temporal = await startTemporalServer({
      build,
      postgresUrl: postgres.urlFor('postgres'),
      dir: path.join(dir, 'temporal'),
      port: options.ports?.temporal ?? (await freePort()),
      namespace: 'default',
      logger,
    });
    stops.push(() => temporal.stop());
    await registerSearchAttributes(temporal.address, logger);

    const s3 = await startS3Server();
    stops.push(() => s3.stop());
    await s3.createBucket(BUCKET);
    const artifactStore = `s3://${BUCKET}/artifacts`;

    const dataSource = await connectAndMigrate(postgres.url);
    await dataSource.destroy();

    const adminToken = await readOrCreateAdminToken(dir);
    const decisionSigningKey = await readOrCreateDecisionSigningKey(dir);
    const env: Record<string, string> = {
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      PROVENANT_ARTIFACT_STORE: artifactStore,
      ...s3.env,
      PROVENANT_API_TOKENS: [options.env?.PROVENANT_API_TOKENS, `${adminToken}:admin:admin`].filter(Boolean).join(','),
      PROVENANT_DECISION_SIGNING_KEY: decisionSigningKey,
      PROVENANT_DECISION_VERIFY_KEYS: decisionVerifyKey(decisionSigningKey),
      PROVENANT_AUDIT_SIGNING_KEY: await readOrCreateAuditSigningKey(dir),
      PROVENANT_WORKER_METRICS_PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...withoutTokens(options.env),
    };
    const processDir = async (name: string) => {
      const processData = path.join(dir, name);
      await mkdir(processData, { recursive: true });
      return processData;
    };

    const workers: ServiceProcess[] = [];
    for (let i = 1; i <= (options.workerCount ?? 2); i++) {
      workers.push(startServiceProcess(path.join('workers', 'main.js'), { ...env, PROVENANT_DATA_DIR: await processDir(`worker-${i}`) }));
    }
    stops.push(() => Promise.all(workers.map((worker) => worker.stop())).then(() => undefined));

    const apis: ApiInstance[] = [];
    for (let i = 0; i < (options.apiCount ?? 2); i++) {
      const port = options.ports?.apis?.[i] ?? (await freePort());
      const api = startServiceProcess(path.join('api', 'main.js'), { ...env, PORT: String(port), PROVENANT_DATA_DIR: await processDir(`api-${i + 1}`) });
      apis.push({ url: `http://127.0.0.1:${port}`, process: api });
    }
    stops.push(() => Promise.all(apis.map((api) => api.process.stop())).then(() => undefined));

    const servingPort = options.ports?.serving ?? (await freePort());
    const servingProcess = startServiceProcess(path.join('serving', 'main.js'), { ...env, SERVING_PORT: String(servingPort), PROVENANT_DATA_DIR: await processDir('serving') });
    const serving = { url: `http://127.0.0.1:${servingPort}`, process: servingProcess };
    stops.push(() => servingProcess.stop());

    await Promise.all([...apis.map((api) => waitForHealth(`${api.url}/health/ready`, START_TIMEOUT_MS)), waitForHealth(`${serving.url}/v2/health/live`, START_TIMEOUT_MS)]);
    return {
      databaseUrl: postgres.url,
      temporal,
      s3,
      artifactStore,
      apis,
      workers,
      serving,
      adminToken,
      env,
      async killPostgres() {
        await postgres.kill();
      },
      async startPostgres() {
        postgres = await startPostgres();
      },
      recentLogs: () =>
        [
          ...workers.flatMap((worker, i) => [`worker-${i + 1}:`, ...worker.recentLogs()]),
          ...apis.flatMap((api, i) => [`api-${i + 1}:`, ...api.process.recentLogs()]),
          'serving:',
          ...servingProcess.recentLogs(),
        ].join('\n'),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Tokens are merged above, so an extra list adds to the admin token rather than replacing it. */
function withoutTokens(env: Record<string, string> = {}): Record<string, string> {
  const { PROVENANT_API_TOKENS: _tokens, ...rest } = env;
  return rest;
}

async function registerSearchAttributes(address: string, logger: Logger): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection, 'default', logger);
  } finally {
    await connection.close();
  }
}
