import { execFile } from 'node:child_process';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from './logger';

const run = promisify(execFile);

/**
 * The Temporal server release the production shape runs: built from the Go module proxy
 * with the machine's Go toolchain. 1.32.1 is the newest 1.32 whose go.mod asks for no
 * newer Go than 1.26.8 (1.32.2 wants 1.26.10).
 */
export const TEMPORAL_SERVER_VERSION = 'v1.32.1';
const MODULE = 'go.temporal.io/server';

export interface TemporalServerBuild {
  /** `temporal-server`: `start --config-file …` runs frontend, history, matching and worker services. */
  server: string;
  /** `temporal-sql-tool`: creates and updates Temporal's schema in Postgres. */
  sqlTool: string;
  /** The release's Postgres schema: `temporal/versioned` and `visibility/versioned`. */
  postgresSchema: string;
  version: string;
}

/**
 * Builds the server and its SQL tool once per machine and version, into
 * `$PROVENANT_CACHE_DIR` (default ~/.cache/provenant), and reuses them afterwards. The build
 * happens under a temporary name renamed at the end, so an interrupted build is never
 * mistaken for a finished one. A cold build takes minutes (it downloads and compiles the
 * server's modules); a warm start takes milliseconds.
 */
export async function ensureTemporalServerBuild(logger: Logger): Promise<TemporalServerBuild> {
  const dir = path.join(cacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const build = describe(dir);
  if (await exists(build.server)) return build;

  const log = logger.child({ component: 'temporal-server-build' });
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(path.join(building, 'bin'), { recursive: true });
  // The machine's Go builds it, never a downloaded toolchain.
  const env = { ...process.env, GOBIN: path.join(building, 'bin'), GOTOOLCHAIN: 'local' };
  const started = Date.now();
  try {
    for (const [what, pkg, name] of [
      ['temporal-server', `${MODULE}/cmd/server`, 'server'],
      ['temporal-sql-tool', `${MODULE}/cmd/tools/sql`, 'sql'],
    ] as const) {
      log.info({ version: TEMPORAL_SERVER_VERSION }, `building ${what} from the Go module proxy (first time only; a few minutes)`);
      await goCommand(['install', `${pkg}@${TEMPORAL_SERVER_VERSION}`], env, `building ${what}`);
      await rename(path.join(building, 'bin', name), path.join(building, 'bin', what));
    }
    const { stdout } = await goCommand(['env', 'GOMODCACHE'], env, 'finding the Go module cache');
    const source = path.join(stdout.trim(), `${MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
    await cp(source, path.join(building, 'schema', 'postgresql', 'v12'), { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(building, dir);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  log.info({ seconds: Math.round((Date.now() - started) / 1000), dir }, 'Temporal server built');
  return build;
}

function describe(dir: string): TemporalServerBuild {
  return {
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    postgresSchema: path.join(dir, 'schema', 'postgresql', 'v12'),
    version: TEMPORAL_SERVER_VERSION,
  };
}

/** Where machine-wide builds are cached: kept between runs, shared by every clone. */
export function cacheDir(): string {
  return process.env.PROVENANT_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'provenant');
}

async function goCommand(args: string[], env: NodeJS.ProcessEnv, what: string): Promise<{ stdout: string }> {
  try {
    return await run('go', args, { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stderr = '', message } = error as Error & { stderr?: string };
    const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (the Go toolchain is needed: install Go ≥ 1.26.8 and put `go` on PATH)' : '';
    throw new Error(`${what} failed${hint}: ${message}\n${stderr}`.trimEnd());
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
