import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../config';

/** Compiled test files under dist/ ending in `suffix`, keeping only those whose path contains one of `filters` (all when none). */
export async function compiledTests(suffix: string, filters: string[]): Promise<string[]> {
  const entries = await readdir(path.join(REPO_ROOT, 'dist'), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
}

/** Runs a command with inherited output; resolves with its exit code (1 when a signal ended it). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
