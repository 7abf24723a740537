import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compiledTests, run } from './compiled-tests';
import { formatFaultTable, readFaultResults } from './fault-table';
import { handleHelp } from './help';
import { runMain } from './run-main';

handleHelp(`
Usage: npm run test:faults [-- FILTER...]

Fault injection: runs every compiled test/faults/*.faults.js side by side. Each suite
starts its own Postgres and Temporal dev server on free ports, runs the API and a worker
as processes of their own, then kills the worker (SIGKILL) during each stage, restarts
Postgres, or restarts the Temporal dev server mid-pipeline, and checks that every run
completes with no duplicate rows. Ends with a table: fault, runs, completed,
duplicates, lost. FILTER keeps only suites whose path contains one of the given
strings. \`npm test\` runs these after the regular tests.
`);

runMain(async () => {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const suites = await compiledTests('.faults.js', filters);
  if (suites.length === 0) throw new Error(`no fault suites match ${filters.join(' ')}`);
  const resultsDir = await mkdtemp(path.join(os.tmpdir(), 'provenant-faults-'));
  const results = path.join(resultsDir, 'results.jsonl');
  let exitCode = 1;
  try {
    exitCode = await run(process.execPath, ['--test', `--test-concurrency=${suites.length}`, '--test-reporter=spec', ...suites], {
      ...process.env,
      PROVENANT_FAULT_RESULTS: results,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    process.stdout.write(`\n${formatFaultTable(await readFaultResults(results))}`);
  } finally {
    await rm(resultsDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
});
