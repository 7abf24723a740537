import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { stringify } from 'yaml';
import { stopChild } from './child-process';
import { waitForTemporalFrontend } from './temporal-frontend';
import { ensureDatabase } from './embedded-postgres';
import { freePort, isPortFree } from './free-port';
import type { Logger } from './logger';
import type { TemporalServerBuild } from './temporal-server-build';

const run = promisify(execFile);

/** More than one, so workflows spread over shards as in any real deployment. */
export const HISTORY_SHARDS = 4;
const DEFAULT_STORE = 'temporal';
const VISIBILITY_STORE = 'temporal_visibility';
const RETENTION = '3 days';

export interface TemporalServerOptions {
  build: TemporalServerBuild;
  /** A Postgres login that may create databases, e.g. postgres://postgres:…@127.0.0.1:54320/postgres. */
  postgresUrl: string;
  /** Where the config file and the server's log go. */
  dir: string;
  /** The frontend's gRPC port, which clients and workers use. */
  port: number;
  namespace: string;
  logger: Logger;
}

export interface TemporalServer {
  address: string;
  /** SIGKILL: no shutdown; whatever was in flight is recovered from Postgres on the next start. */
  kill(): Promise<void>;
  /** Starts the server again on the same config, ports and databases; resolves once it answers. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Temporal's own server (frontend, history, matching and worker services in one process)
 * on Postgres: its schema is created and updated by Temporal's own SQL tool from the same
 * release, the namespace is registered, and the process can be killed and started again on
 * the same state, as a supervisor would.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  await setUpSchema(options);
  const configFile = await writeServerConfig(options);
  const log = options.logger.child({ component: 'temporal-server' });
  const address = `127.0.0.1:${options.port}`;
  let child: ChildProcess | undefined;
  const stopWithUs = () => child?.kill('SIGKILL');
  process.once('exit', stopWithUs);

  const start = async () => {
    const started = spawn(options.build.server, ['--config-file', configFile, 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let tail = '';
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-8000));
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    await waitUntilServing(address, started, () => tail);
    log.info({ address, version: options.build.version }, 'Temporal server ready');
  };
  await start();
  await ensureNamespace(address, options.namespace);
  return {
    address,
    async kill() {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = once(current, 'exit');
      current.kill('SIGKILL');
      await exited;
    },
    start,
    async stop() {
      process.off('exit', stopWithUs);
      if (child) await stopChild(child, { graceMs: 15_000 });
    },
  };
}

/** Creates the two databases and brings both schemas to the release's version; running it again changes nothing. */
async function setUpSchema({ build, postgresUrl }: TemporalServerOptions): Promise<void> {
  const url = new URL(postgresUrl);
  for (const [database, schemaDir] of [
    [DEFAULT_STORE, 'temporal'],
    [VISIBILITY_STORE, 'visibility'],
  ] as const) {
    await ensureDatabase(postgresUrl, database);
    const args = [
      '--plugin', 'postgres12',
      '--endpoint', url.hostname,
      '--port', url.port || '5432',
      '--user', decodeURIComponent(url.username),
      '--password', decodeURIComponent(url.password),
      '--database', database,
    ];
    const update = () => sqlTool(build, [...args, 'update-schema', '-d', path.join(build.postgresSchema, schemaDir, 'versioned')], `updating ${database}`);
    // A database the tool has set up before only needs updating; a new one is set up at version 0.0 first.
    await update().catch(async () => {
      await sqlTool(build, [...args, 'setup-schema', '-v', '0.0'], `setting up ${database}`);
      await update();
    });
  }
}

async function sqlTool(build: TemporalServerBuild, args: string[], what: string): Promise<void> {
  try {
    await run(build.sqlTool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`temporal-sql-tool: ${what} failed: ${message}\n${stdout}${stderr}`.trimEnd());
  }
}

/**
 * The server's configuration: Postgres for history and visibility, HISTORY_SHARDS shards,
 * every service on loopback ports of its own, and dynamic config that makes newly added
 * search attributes usable at once.
 */
async function writeServerConfig(options: TemporalServerOptions): Promise<string> {
  await mkdir(options.dir, { recursive: true });
  const url = new URL(options.postgresUrl);
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${url.hostname}:${url.port || '5432'}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = async (grpcPort: number) => ({ rpc: { grpcPort, membershipPort: await freeMembershipPort(), bindOnLocalHost: true } });
  const dynamicConfigFile = path.join(options.dir, 'dynamic-config.yaml');
  await writeFile(
    dynamicConfigFile,
    stringify({
      'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
      'system.namespaceCacheRefreshInterval': [{ value: '2s' }],
      'frontend.enableUpdateWorkflowExecution': [{ value: true }],
      'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
    }),
  );
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: { 'postgres-default': sql(DEFAULT_STORE, 20), 'postgres-visibility': sql(VISIBILITY_STORE, 4) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: { rpc: { ...(await service(options.port)).rpc, httpPort: await freePort() } },
      history: await service(await freePort()),
      matching: await service(await freePort()),
      worker: await service(await freePort()),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${options.port}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
  const file = path.join(options.dir, 'temporal-server.yaml');
  await writeFile(file, stringify(config));
  return file;
}

/** Temporal stores membership ports in a smallint column, so they must stay below 32768. */
async function freeMembershipPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isPortFree(port)) return port;
  }
}

async function waitUntilServing(address: string, child: ChildProcess, output: () => string, timeoutMs = 120_000): Promise<void> {
  try {
    await waitForTemporalFrontend(address, {
      exited: () => (child.exitCode === null ? null : `temporal-server exited with code ${child.exitCode} before it was ready`),
      timeoutMs,
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
}

/** A real server starts with no namespaces but its system one; registering is idempotent here. */
async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION) });
    } catch (error) {
      if (!/already exists|AlreadyExists/i.test(String((error as Error).message))) throw error;
    }
    // The frontend learns of a new namespace on its next cache refresh.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`namespace ${namespace} not usable on ${address} after 60 s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await connection.close();
  }
}
