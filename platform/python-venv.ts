import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './config';

const run = promisify(execFile);

/** pip is chatty; its output is kept for an error message, not printed. */
const OUTPUT_LIMIT_BYTES = 64 * 1024 * 1024;

export interface PinnedVenv {
  /** A pip requirements file pinning every package. */
  requirements: string;
  /** The folder the venv is made in. */
  parentDir: string;
  /** The venv's name, to which the requirements' hash is appended. */
  name: string;
  /** Prefix of the progress lines, e.g. "python-sklearn". */
  logPrefix: string;
}

/**
 * The python of a virtualenv holding exactly `requirements` (wheels only, from PyPI),
 * creating it first if needed. It is named by the hash of the requirements, so changing a
 * pin makes a new one, and built under a temporary name then renamed, so a venv whose
 * install was interrupted is never used and concurrent processes cannot trip over each
 * other's half-built one.
 */
export async function ensurePinnedVenv({ requirements, parentDir, name, logPrefix }: PinnedVenv): Promise<string> {
  const log = (message: string) => console.log(`[${logPrefix}] ${message}`);
  const hash = createHash('sha256').update(await readFile(requirements)).digest('hex').slice(0, 16);
  const venv = path.join(parentDir, `${name}-${hash}`);
  const python = path.join(venv, 'bin', 'python');
  if (await exists(python)) return python;

  await mkdir(parentDir, { recursive: true });
  const building = `${venv}.building-${randomBytes(4).toString('hex')}`;
  try {
    log(`creating a Python venv in ${venv} (first time only, a minute or two)`);
    await runLogged(log, 'python3', ['-m', 'venv', building], 'creating the venv (python3 ≥ 3.11 is needed)');
    await runLogged(
      log,
      path.join(building, 'bin', 'python'),
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--only-binary=:all:', '-r', requirements],
      `installing ${path.relative(REPO_ROOT, requirements)} from PyPI`,
    );
    // A venv finds its packages relative to its python, so it works from its final name.
    await rename(building, venv).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(python))) throw error;
      log('another process finished the venv first; using its copy');
    });
    return python;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

/** Runs a command, keeping its output for the error message should it fail. */
export async function runLogged(log: (message: string) => void, command: string, args: string[], what: string): Promise<void> {
  const started = Date.now();
  log(`${what}…`);
  try {
    await run(command, args, { maxBuffer: OUTPUT_LIMIT_BYTES });
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${what} failed: ${message}\n${stdout}${stderr}`.trimEnd());
  }
  log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
