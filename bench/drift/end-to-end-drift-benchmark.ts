import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { DriftReportSummary } from '../../domain/drift';
import { REPO_ROOT } from '../../platform/config';
import { TOKENS, waitForPipeline, type Harness } from '../../test/support/harness';
import { startBenchServices } from '../support/services';
import { milliseconds, ratio, type Benchmark, type BenchmarkReport } from '../support/report';
import { median } from '../support/statistics';
import { peersPython } from './drift-peers';
import { FLIGHTS_PARQUET } from './flights-drift-data';

const run = promisify(execFile);
export const PEER_SCRIPT = path.join(REPO_ROOT, 'bench', 'python', 'end_to_end_peer.py');
const FEATURES = ['distance', 'hour', 'dow'];
const FASTER_THAN_EVIDENTLY = 5;
const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
export const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const TRIGGER = `mutation T($m: String!, $r: ID, $c: ID) { triggerDriftScan(modelName: $m, referenceDatasetVersionId: $r, currentDatasetVersionId: $c) { workflowId } }`;

/**
 * January and June 2001 of the flights file as two Parquet files (ZSTD), with the hour and
 * day of week of departure as columns, written where the API may register them; and a
 * twentieth of January to train the model on.
 */
async function writeMonths(dir: string, keepEvery: number): Promise<{ january: string; june: string; training: string }> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  const files = { january: path.join(dir, 'flights-2001-01.parquet'), june: path.join(dir, 'flights-2001-06.parquet'), training: path.join(dir, 'flights-2001-01-training.parquet') };
  const month = (number: number, every: number) =>
    `SELECT delay, distance, origin, destination, CAST(hour(date) AS DOUBLE) AS hour, CAST(dayofweek(date) AS DOUBLE) AS dow
     FROM read_parquet('${FLIGHTS_PARQUET}') WHERE month(date) = ${number} AND hash(date, origin, destination, delay) % ${every} = 0`;
  await connection.run(`COPY (${month(1, keepEvery)}) TO '${files.january}' (FORMAT parquet, COMPRESSION zstd)`);
  await connection.run(`COPY (${month(6, keepEvery)}) TO '${files.june}' (FORMAT parquet, COMPRESSION zstd)`);
  await connection.run(`COPY (${month(1, keepEvery * 20)}) TO '${files.training}' (FORMAT parquet, COMPRESSION zstd)`);
  connection.closeSync();
  return files;
}

export async function register(harness: Harness, name: string, uri: string): Promise<string> {
  const registered = await harness.gql(REGISTER, { input: { name, uri } }, TOKENS.engineer);
  if (!registered.data) throw new Error(`registerDataset ${name} failed: ${JSON.stringify(registered.errors)}`);
  return registered.data.registerDataset.id as string;
}

/**
 * From triggerDriftScan to the stored report, as a user waits for it; the CPU time of this
 * process meanwhile (the API and the workers with their DuckDB and onnxruntime threads; the
 * Temporal server and Postgres run in processes of their own); and each activity's run
 * time, from the history.
 */
export async function timedScan(
  harness: Harness,
  modelName: string,
  reference: string,
  current: string,
): Promise<{ ms: number; cpuMs: number; summary: DriftReportSummary; activities: Record<string, number> }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const triggered = await harness.gql(TRIGGER, { m: modelName, r: reference, c: current }, TOKENS.engineer);
  if (!triggered.data) throw new Error(`triggerDriftScan failed: ${JSON.stringify(triggered.errors)}`);
  const handle = harness.temporal.workflow.getHandle(triggered.data.triggerDriftScan.workflowId);
  const summary = (await handle.result()) as DriftReportSummary;
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, summary, activities: activityMilliseconds(await historyInPages(harness, handle.workflowId)) };
}

/**
 * The scan's history, a few events a page: a scan by slices carries hundreds of kB a
 * completed activity, and one response of the whole history would pass gRPC's 4 MB.
 */
async function historyInPages(harness: Harness, workflowId: string): Promise<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>> {
  const events: NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']> = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await harness.temporal.workflowService.getWorkflowExecutionHistory({
      namespace: harness.config.temporalNamespace,
      execution: { workflowId },
      maximumPageSize: 8,
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

/** Started → completed per activity type (summed when it ran more than once). */
function activityMilliseconds(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): Record<string, number> {
  const events = history.events ?? [];
  const times: Record<string, number> = {};
  for (const completed of events.filter((event) => event.activityTaskCompletedEventAttributes)) {
    const attributes = completed.activityTaskCompletedEventAttributes!;
    const scheduled = events.find((event) => Number(event.eventId) === Number(attributes.scheduledEventId));
    const started = events.find((event) => Number(event.eventId) === Number(attributes.startedEventId));
    const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name;
    if (!name || !started) continue;
    times[name] = (times[name] ?? 0) + tsToMs(completed.eventTime) - tsToMs(started.eventTime);
  }
  return times;
}

export const endToEndDriftBenchmark: Benchmark = {
  name: 'drift-e2e',
  description: 'a drift scan through the API (flights January vs June, regression model on distance, hour, dow) against Evidently reading the same Parquet files',
  async run({ quick, log }): Promise<BenchmarkReport> {
    const repetitions = quick ? 1 : 3;
    const python = await peersPython();
    log('drift-e2e: starting Postgres, Temporal, workers and the API');
    const services = await startBenchServices();
    try {
      const { harness } = services;
      const files = await writeMonths(harness.config.dataDir, quick ? 20 : 1);
      log('drift-e2e: registering January, June and the training sample, training the model (not timed)');
      const january = await register(harness, 'flights-2001-01', files.january);
      const june = await register(harness, 'flights-2001-06', files.june);
      const training = await register(harness, 'flights-2001-01-training', files.training);
      const modelName = 'flights-delay';
      const started = await harness.gql(
        START,
        { input: { modelName, datasetVersionId: training, target: 'delay', features: FEATURES, task: 'REGRESSION' } },
        TOKENS.engineer,
      );
      if (!started.data) throw new Error(`startModelPipeline failed: ${JSON.stringify(started.errors)}`);
      const pipeline = await waitForPipeline(harness, started.data.startModelPipeline.workflowId, 600_000);
      if (pipeline.status !== 'SUCCEEDED') throw new Error(`training the flights model ended ${pipeline.status}: ${JSON.stringify(pipeline)}`);
      log(`drift-e2e: ${repetitions} scans through the API`);
      const scans: Awaited<ReturnType<typeof timedScan>>[] = [];
      for (let i = 0; i < repetitions; i += 1) scans.push(await timedScan(harness, modelName, january, june));
      log(`drift-e2e: Evidently, ${repetitions} runs`);
      const args = [PEER_SCRIPT, files.january, files.june, ...FEATURES.flatMap((name) => ['--numeric', name]), '--repetitions', String(repetitions)];
      const peer = JSON.parse((await run(python, args, { maxBuffer: 16 * 1024 * 1024 })).stdout) as {
        evidently: string;
        pandas: string;
        milliseconds: number[];
        cpuMilliseconds: number[];
        driftShare: number;
      };
      const oursCpu = median(scans.map((scan) => scan.cpuMs));
      const theirsCpu = median(peer.cpuMilliseconds);
      const ours = median(scans.map((scan) => scan.ms));
      const theirs = median(peer.milliseconds);
      const speedup = theirs / ours;
      const last = scans[scans.length - 1].summary;
      const activityNames = Object.keys(scans[0].activities);
      const activities = Object.fromEntries(activityNames.map((name) => [name, median(scans.map((scan) => scan.activities[name] ?? 0))]));
      return {
        name: 'drift-e2e',
        tables: [
          {
            title: `End-to-end drift scan: flights ${quick ? '(every 20th row) ' : ''}January vs June 2001, columns ${FEATURES.join(', ')}, median of ${repetitions}`,
            columns: ['run', 'wall time', 'Evidently ÷ ours'],
            rows: [
              ['ours: triggerDriftScan → stored report (columns + prediction drift)', milliseconds(ours), ratio(speedup)],
              [`Evidently ${peer.evidently}: pandas ${peer.pandas} read_parquet + DataDriftPreset`, milliseconds(theirs), '–'],
            ],
          },
        ],
        targets: [{ target: `end-to-end scan ≥ ${FASTER_THAN_EVIDENTLY}× faster than Evidently (flights)`, observed: ratio(speedup), met: speedup >= FASTER_THAN_EVIDENTLY }],
        notes: [
          'ours includes the API call, the workflow, planning, reading both Parquet files from the artifact store, scoring both samples with the ONNX model (prediction drift) and storing the report; Evidently computes no prediction drift',
          `drift share: ours ${last.driftShare}, Evidently ${peer.driftShare}`,
          `CPU time (median, all threads): ours ${milliseconds(oursCpu)} in the API and worker process, Evidently ${milliseconds(theirsCpu)} (Evidently ÷ ours ${ratio(theirsCpu / oursCpu)}); load average ${os.loadavg()[0].toFixed(1)} at the end`,
          `our activities (median run time): ${activityNames.map((name) => `${name} ${milliseconds(activities[name])}`).join(', ')}`,
        ],
        measurements: {
          oursMilliseconds: scans.map((scan) => scan.ms),
          oursCpuMilliseconds: scans.map((scan) => scan.cpuMs),
          activityMilliseconds: activities,
          evidentlyMilliseconds: peer.milliseconds,
          evidentlyCpuMilliseconds: peer.cpuMilliseconds,
          loadAverage: os.loadavg(),
          speedup,
          versions: { evidently: peer.evidently, pandas: peer.pandas },
        },
      };
    } finally {
      await services.stop();
    }
  },
};
