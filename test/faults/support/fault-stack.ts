import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { connectAndMigrate } from '../../../db/data-source';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../../platform/embedded-postgres';
import { freePort } from '../../../platform/free-port';
import { logger } from '../../../platform/logger';
import { startTemporalDevServer, type TemporalDevServer } from '../../../platform/temporal-dev-server';
import { FIXTURES, SAMPLE_DATA, TOKENS, type GraphqlResponse } from '../../support/harness';
import { startTcpProxy } from '../../support/tcp-proxy';
import { waitFor } from './lifecycle';
import { startServiceProcess, type ServiceProcess } from '../../../platform/service-process';

/**
 * A fault suite's own Postgres and Temporal dev server, on free ports in a directory of
 * its own, so the suite can stop and start them without disturbing any other test.
 */
export interface FaultStack {
  /** Stops Postgres (a fast shutdown: open transactions abort), waits, and starts it again on the same data and port. */
  restartPostgres(downMs: number): Promise<void>;
  /** Stops the Temporal dev server, waits, and starts it again on the same SQLite file and port. */
  restartTemporal(downMs: number): Promise<void>;
  /** A Provenant of its own on these services (see `Provenant`). */
  provenant(): Promise<Provenant>;
  stop(): Promise<void>;
}

/**
 * One Provenant as it runs in production: the API and a worker for every queue, each a
 * process of its own (so a fault can kill it), with their own database, task queues and
 * data directory, so several run side by side on one Postgres and Temporal.
 */
export interface Provenant {
  dataDir: string;
  /** For polling and checks, from this process. */
  dataSource: DataSource;
  temporal: Client;
  /** kill -9 the worker, then start a fresh one, as a supervisor would. */
  crashWorker(): Promise<void>;
  /** Cuts the worker off from Temporal (Postgres it still reaches): whatever it finishes now, Temporal never hears of. */
  cutWorkerFromTemporal(): Promise<void>;
  /** The last lines the worker and API processes logged, to explain a failure. */
  recentLogs(): string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

export async function startFaultStack(name: string): Promise<FaultStack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `provenant-${name}-`));
  const ports = { postgres: await freePort(), temporal: await freePort() };
  const startPostgres = () => startEmbeddedPostgres({ dataDir: dir, port: ports.postgres, database: 'postgres', logger });
  const startTemporal = () =>
    startTemporalDevServer({ dbFile: path.join(dir, 'temporal.sqlite'), port: ports.temporal, uiPort: undefined, namespace: 'default', logger });
  let postgres: EmbeddedPostgresServer = await startPostgres();
  let temporal: TemporalDevServer = await startTemporal();
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    async restartPostgres(downMs) {
      await postgres.stop();
      await pause(downMs);
      postgres = await startPostgres();
    },
    async restartTemporal(downMs) {
      await temporal.stop();
      await pause(downMs);
      temporal = await startTemporal();
    },
    provenant: () => startProvenant(postgres, temporal.address, dir),
    async stop() {
      await temporal.stop();
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startProvenant(postgres: EmbeddedPostgresServer, temporalAddress: string, stackDir: string): Promise<Provenant> {
  const name = `f${randomBytes(5).toString('hex')}`;
  await ensureDatabase(postgres.url, name);
  const databaseUrl = postgres.urlFor(name);
  const dataDir = path.join(stackDir, name);
  await mkdir(dataDir);
  const dataSource = await connectAndMigrate(databaseUrl);
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    PROVENANT_TASK_QUEUE_PREFIX: name,
    PROVENANT_DATA_DIR: dataDir,
    PROVENANT_DATA_ROOTS: [SAMPLE_DATA, FIXTURES, dataDir].join(path.delimiter),
    PROVENANT_API_TOKENS: Object.entries(TOKENS)
      .map(([role, token]) => `${token}:${role}:${role}-user`)
      .join(','),
    PORT: String(port),
    PROVENANT_WORKER_METRICS_PORT: '0',
    // The API signs decisions with it; the workers verify them with its public key.
    PROVENANT_DECISION_SIGNING_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const api = startServiceProcess(path.join('api', 'main.js'), env);
  // The worker reaches Temporal through a relay of its own, so a fault can cut that link alone.
  const [host, temporalPort] = temporalAddress.split(':');
  const relay = () => startTcpProxy({ host, port: Number(temporalPort) });
  let workerLink = await relay();
  const worker = startServiceProcess(path.join('workers', 'main.js'), { ...env, TEMPORAL_ADDRESS: workerLink.address });
  let url: string;
  try {
    url = await apiListening(api, port);
  } catch (error) {
    // Left running, the worker and the relay would keep the suite's process alive after it failed.
    await Promise.all([worker.stop(), api.stop()]);
    await workerLink.cut();
    await dataSource.destroy();
    throw error;
  }
  const connection = await Connection.connect({ address: temporalAddress });
  return {
    dataDir,
    dataSource,
    temporal: new Client({ connection }),
    async crashWorker() {
      await worker.kill();
      await workerLink.cut();
      workerLink = await relay();
      worker.restart({ TEMPORAL_ADDRESS: workerLink.address });
    },
    cutWorkerFromTemporal: () => workerLink.cut(),
    recentLogs: () => [`worker:`, ...worker.recentLogs(), `api:`, ...api.recentLogs()].join('\n'),
    async gql(query, variables = {}, token = TOKENS.admin) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphqlResponse<any>;
    },
    async close() {
      await Promise.all([worker.stop(), api.stop()]);
      await workerLink.cut();
      await connection.close();
      await dataSource.destroy();
    },
  };
}

/**
 * The API's URL once it listens. Its port was free when it was chosen, but suites start
 * side by side and another process can take the port first: an API that exits before it
 * listens is started again on a fresh port (three tries), and its last log lines say why
 * when it never comes up.
 */
async function apiListening(api: ServiceProcess, firstPort: number): Promise<string> {
  for (let attempt = 1, port = firstPort; ; attempt += 1) {
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        'the API to listen',
        async () => {
          assert.ok(!api.hasExited(), `the API exited before it listened on ${port}:\n${api.recentLogs().join('\n')}`);
          return (await fetch(`${url}/health/live`)).ok ? true : undefined;
        },
        120_000,
      );
      return url;
    } catch (error) {
      if (!api.hasExited() || attempt === 3) throw error;
      port = await freePort();
      api.restart({ PORT: String(port) });
    }
  }
}
