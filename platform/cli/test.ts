import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { freePort } from '../free-port';
import { logger } from '../logger';
import { startLocalStack } from '../local-stack';
import { compiledTests, run } from './compiled-tests';
import { handleHelp } from './help';
import { runMain } from './run-main';

handleHelp(`
Usage: npm test [-- FILTER...]

Starts a real Postgres (embedded) and a real Temporal dev server on free ports in a
temporary directory (or uses DATABASE_URL / TEMPORAL_ADDRESS when set), then runs
every compiled *.test.js with node's test runner. Then runs the fault-injection
suites (*.faults.js, see \`npm run test:faults\`), which start services of their own.
FILTER keeps only test files and fault suites whose path contains one of the given
strings.
`);

runMain(async () => {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const files = await compiledTests('.test.js', filters);
  const faultSuites = await compiledTests('.faults.js', filters);
  if (files.length === 0 && faultSuites.length === 0) throw new Error(`no test files match ${filters.join(' ')}`);
  let exitCode = files.length > 0 ? await runTests(files) : 0;
  if (faultSuites.length > 0) {
    const faults = await run(process.execPath, [path.join(__dirname, 'test-faults.js'), ...filters], process.env);
    exitCode ||= faults;
  }
  process.exit(exitCode);
});

async function runTests(files: string[]): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'provenant-test-'));
  const config = { ...loadConfig(), dataDir };
  const started = Date.now();
  const stack = await startLocalStack(config, { postgres: await freePort(), temporal: await freePort() }, logger);
  logger.info({ seconds: (Date.now() - started) / 1000, temporal: stack.temporal.address }, 'test services ready');
  try {
    return await run(process.execPath, ['--test', '--test-reporter=spec', ...files], {
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
}
