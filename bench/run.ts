import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../platform/config';
import { handleHelp } from '../platform/cli/help';
import { runMain } from '../platform/cli/run-main';
import { logger } from '../platform/logger';
import { apiBenchmark } from './api/api-benchmark';
import { datasetProfileBenchmark } from './data/dataset-profile-benchmark';
import { driftBenchmark } from './drift/drift-benchmark';
import { retrainingBenchmark } from './drift/retraining-benchmark';
import { endToEndDriftBenchmark } from './drift/end-to-end-drift-benchmark';
import { largeDriftBenchmark } from './drift/large-drift-benchmark';
import { evaluationBenchmark } from './evaluation/evaluation-benchmark';
import { orchestrationBenchmark } from './orchestration/orchestration-benchmark';
import { formatTable, formatTargets, type Benchmark, type BenchmarkReport } from './support/report';

const BENCHMARKS: Benchmark[] = [driftBenchmark, endToEndDriftBenchmark, largeDriftBenchmark, retrainingBenchmark, evaluationBenchmark, orchestrationBenchmark, apiBenchmark, datasetProfileBenchmark];

handleHelp(`
Usage: npm run bench [-- --only NAME] [-- --quick]

Runs Provenant's benchmarks side by side with their peers on the same data, prints a
table per benchmark (medians over several repetitions, ratio ours/peer, peak memory)
and the targets each run met or missed, and writes bench/results/<date>[-NAME…][-quick].json.

  --only NAME   run one benchmark (repeat for more): ${BENCHMARKS.map((b) => b.name).join(', ')}
  --quick       small sizes, for developing the benchmarks; not for the figures

Benchmarks:
${BENCHMARKS.map((b) => `  ${b.name.padEnd(14)}${b.description}`).join('\n')}

The drift benchmark builds a Python virtualenv with its pinned peers
(bench/python/requirements.txt) under .provenant/ on first use; orchestration and api
start an embedded Postgres and a Temporal dev server on free ports, as npm test does.
Benchmarks are never part of npm test.
`);

runMain(async () => {
  const { only, quick } = parseArguments(process.argv.slice(2));
  // The services' info lines would bury the tables; LOG_LEVEL still wins when set.
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const selected = only.length === 0 ? BENCHMARKS : only.map(benchmarkNamed);
  const started = new Date();
  const reports: BenchmarkReport[] = [];
  for (const benchmark of selected) {
    const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
    log(`${benchmark.name}: starting${quick ? ' (quick sizes)' : ''}`);
    const report = await benchmark.run({ quick, log });
    reports.push(report);
    process.stdout.write(`\n${report.tables.map(formatTable).join('\n\n')}\n\nTargets\n${formatTargets(report.targets)}\n`);
    if (report.notes.length > 0) process.stdout.write(`\nNotes\n${report.notes.map((note) => `- ${note}`).join('\n')}\n`);
  }
  const suffix = [...only, ...(quick ? ['quick'] : [])].map((part) => `-${part}`).join('');
  const file = path.join(REPO_ROOT, 'bench', 'results', `${started.toISOString().slice(0, 10)}${suffix}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ startedAt: started.toISOString(), quick, machine: machine(), reports }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(REPO_ROOT, file)}\n`);
});

function parseArguments(argv: string[]): { only: string[]; quick: boolean } {
  const only: string[] = [];
  let quick = false;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--quick') quick = true;
    else if (argv[i] === '--only' && argv[i + 1]) only.push(argv[++i]);
    else throw new Error(`unknown argument ${JSON.stringify(argv[i])}: see npm run bench -- --help`);
  }
  return { only, quick };
}

function benchmarkNamed(name: string): Benchmark {
  const benchmark = BENCHMARKS.find((candidate) => candidate.name === name);
  if (!benchmark) throw new Error(`no benchmark named ${JSON.stringify(name)}: use one of ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  return benchmark;
}

/** What the figures depend on, recorded with them. */
function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    loadAverage: os.loadavg(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}
