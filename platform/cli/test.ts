import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, REPO_ROOT } from '../config';
import { freePort } from '../free-port';
import { logger } from '../logger';
import { startLocalStack } from '../local-stack';
import { handleHelp } from './help';
import { runMain } from './run-main';

handleHelp(`
Usage: npm test [-- FILTER...]

Starts a real Postgres (embedded) and a real Temporal dev server on free ports in a
temporary directory (or uses DATABASE_URL / TEMPORAL_ADDRESS when set), then runs
every compiled *.test.js with node's test runner. FILTER keeps only test files whose
path contains one of the given strings.
`);

runMain(async () => {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const files = (await testFiles(path.join(REPO_ROOT, 'dist'))).filter(
    (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
  );
  if (files.length === 0) throw new Error(`no test files match ${filters.join(' ')}`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'provenant-test-'));
  const config = { ...loadConfig(), dataDir };
  const started = Date.now();
  const stack = await startLocalStack(config, { postgres: await freePort(), temporal: await freePort() }, logger);
  logger.info({ seconds: (Date.now() - started) / 1000, temporal: stack.temporal.address }, 'test services ready');
  let exitCode = 1;
  try {
    exitCode = await run(process.execPath, ['--test', '--test-reporter=spec', ...files], {
      ...process.env,
      PROVENANT_TEST_DATABASE_URL: stack.databaseUrl,
      PROVENANT_TEST_TEMPORAL_ADDRESS: stack.temporal.address,
      PROVENANT_TEST_DATA_DIR: dataDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
});

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
