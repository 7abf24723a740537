import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import * as ort from 'onnxruntime-node';
import { REPO_ROOT } from '../platform/config';
import { assertError, SAMPLE_DATA, startHarness, TOKENS, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `
  mutation Register($input: RegisterDatasetInput!) {
    registerDataset(input: $input) { id rowCount }
  }`;
const START_PIPELINE = `
  mutation Start($input: StartModelPipelineInput!) {
    startModelPipeline(input: $input) { workflowId }
  }`;
const START = `
  mutation Score($input: StartBatchScoringInput!) {
    startBatchScoring(input: $input) { id workflowId status rowsTotal rowsScored modelVersion { id version } }
  }`;
const JOB = `
  query Job($id: ID!) {
    batchScoringJob(id: $id) {
      id workflowId modelName status rowsTotal rowsScored progress error requestedBy finishedAt
      modelVersion { id version } inputDatasetVersion { id }
      outputDatasetVersion { id datasetName version format rowCount contentSha256 sourceUri createdBy }
    }
  }`;

const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const CLASSES = ['drizzle', 'fog', 'rain', 'snow', 'sun'];
const LARGE_ROWS = 60_000;

type WorkflowHistory = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/**
 * The scoring queue is served by worker processes of their own, as in production, so the
 * crash test can kill one for real; the harness's in-process workers serve the rest.
 */
describe('batch scoring', () => {
  let harness: Harness;
  let worker: ScoringWorker;
  let weatherVersionId: string;
  let largeVersionId: string;
  let model: { id: string; artifactUri: string };

  before(async () => {
    harness = await startHarness({ queues: ['pipelines', 'training'] });
    worker = startScoringWorker(harness);
    const weather = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') } });
    weatherVersionId = weather.data!.registerDataset.id;
    const run = await trainWeatherModel(harness, weatherVersionId);
    model = run.modelVersion;

    const weatherLines = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n');
    const body = Array.from({ length: LARGE_ROWS }, (_, row) => `${row},${weatherLines[1 + (row % (weatherLines.length - 1))]}`);
    const file = path.join(harness.config.dataDir, 'weather-60k.csv');
    await writeFile(file, [`row_id,${weatherLines[0]}`, ...body].join('\n'));
    const large = await harness.gql(REGISTER, { input: { name: 'weather-60k', uri: file } });
    assert.equal(large.data!.registerDataset.rowCount, LARGE_ROWS);
    largeVersionId = large.data!.registerDataset.id;
  });
  after(async () => {
    if (worker) await stopWorker(worker, 'SIGTERM');
    await harness?.close();
  });

  test('killing the worker mid-batch-scoring: the job resumes and output has each row exactly once', async (t) => {
    const started = Date.now();
    const start = await harness.gql(START, { input: { modelName: 'weather', datasetVersionId: largeVersionId, chunkRows: 500 } }, TOKENS.engineer);
    assert.equal(start.errors, undefined, JSON.stringify(start.errors));
    const job = start.data!.startBatchScoring;
    assert.deepEqual([job.status, job.rowsTotal, job.rowsScored], ['RUNNING', LARGE_ROWS, 0]);
    assert.equal(job.modelVersion.id, model.id, 'without a version or a champion, the latest version scores');

    // A few chunks in, so the retry has committed work to skip and the rest still to do.
    await waitForRowsScored(harness, job.id, 5000);
    await stopWorker(worker, 'SIGKILL');
    const [{ rows_scored: rowsAtKill }] = await harness.dataSource.query('SELECT rows_scored FROM batch_scoring_job WHERE id = $1', [job.id]);
    assert.ok(rowsAtKill > 0 && rowsAtKill < LARGE_ROWS && rowsAtKill % 500 === 0, `killed at ${rowsAtKill} rows`);
    worker = startScoringWorker(harness);

    const finished = await waitForJob(harness, job.id);
    assert.equal(finished.status, 'SUCCEEDED', JSON.stringify(finished));
    assert.deepEqual([finished.rowsScored, finished.progress, finished.requestedBy], [LARGE_ROWS, 1, 'engineer-user']);
    const output = finished.outputDatasetVersion;
    assert.deepEqual(
      { name: output.datasetName, format: output.format, rowCount: output.rowCount, sourceUri: output.sourceUri, createdBy: output.createdBy },
      { name: 'weather-60k.scored', format: 'jsonl', rowCount: LARGE_ROWS, sourceUri: job.workflowId, createdBy: 'system:batch-scoring' },
    );

    const rows = await downloadJsonLines(harness, output.contentSha256);
    assert.deepEqual(Object.keys(rows[0]), ['row_id', 'date', ...WEATHER_FEATURES, 'weather', 'prediction', ...CLASSES.map((c) => `probability_${c}`)]);
    const seen = new Uint8Array(LARGE_ROWS);
    for (const row of rows) seen[row.row_id] += 1;
    assert.equal(rows.length, LARGE_ROWS);
    assert.ok(seen.every((count) => count === 1), 'every row id exactly once');
    assert.ok(rows.every((row, index) => row.row_id === index), 'in input order');

    // Rows on both sides of the crash, and a spread over the rest, against onnxruntime directly.
    const sample = [...new Set([0, rowsAtKill - 1, rowsAtKill, rowsAtKill + 1, LARGE_ROWS - 1, ...Array.from({ length: 60 }, (_, i) => i * 997)])];
    const direct = await scoreDirectly(model.artifactUri, sample.map((index) => rows[index]));
    sample.forEach((index, i) => {
      assert.equal(rows[index].prediction, direct.labels[i], `row ${index}`);
      CLASSES.forEach((label, c) => assert.equal(rows[index][`probability_${label}`], direct.probabilities[i * CLASSES.length + c], `row ${index} ${label}`));
    });

    const history = await harness.temporal.workflow.getHandle(job.workflowId).fetchHistory();
    const attempts = activityAttempts(history, 'scoreDatasetChunks');
    assert.ok(attempts >= 2, `scoreDatasetChunks ran ${attempts} attempt(s); the crash should have cost one`);
    const resumed = worker.logs.find((line) => line.msg === 'batch scoring chunks' && line.jobId === job.id);
    assert.deepEqual([resumed?.attempt, resumed?.resumeFrom], [attempts, rowsAtKill], 'the retry starts after the last committed chunk');
    await Worker.runReplayHistory({ workflowsPath: require.resolve('../workflows') }, history, job.workflowId);

    const [{ staged }] = await harness.dataSource.query('SELECT count(*)::int AS staged FROM batch_scoring_output WHERE job_id = $1', [job.id]);
    assert.equal(staged, 0, 'the staging rows go once published');
    t.diagnostic(`crash/resume: killed at row ${rowsAtKill}, ${attempts} attempts, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('lineage links input dataset and model version → job → output dataset; start and finish are audited', async () => {
    const [job] = await harness.dataSource.query(`SELECT id, output_dataset_version_id FROM batch_scoring_job WHERE input_dataset_version_id = $1`, [largeVersionId]);
    const { data } = await harness.gql(
      `query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 2) { nodes { id kind } edges { from to relation } } }`,
      { id: job.output_dataset_version_id },
      TOKENS.viewer,
    );
    assert.deepEqual(
      new Set(data!.lineage.nodes.map((n: { id: string; kind: string }) => `${n.kind}:${n.id}`)),
      new Set([`dataset_version:${job.output_dataset_version_id}`, `batch_scoring:${job.id}`, `dataset_version:${largeVersionId}`, `model_version:${model.id}`]),
    );
    assert.deepEqual(
      new Set(data!.lineage.edges.map((e: { from: string; to: string; relation: string }) => `${e.from}>${e.to}:${e.relation}`)),
      new Set([`${largeVersionId}>${job.id}:used_by`, `${model.id}>${job.id}:used_by`, `${job.id}>${job.output_dataset_version_id}:produced`]),
    );

    const audit = await harness.gql(
      `query A($subjectId: String) { auditEvents(filter: { subjectId: $subjectId }, first: 10) { edges { node { actor action payload } } } }`,
      { subjectId: job.id },
    );
    const events = audit.data!.auditEvents.edges.map((e: { node: { actor: string; action: string } }) => `${e.node.action} by ${e.node.actor}`).reverse();
    assert.deepEqual(events, ['batch_scoring.started by engineer-user', 'batch_scoring.completed by system:batch-scoring']);
    const verification = await harness.gql(`{ verifyAuditLog { ok } }`, {}, TOKENS.ops);
    assert.equal(verification.data!.verifyAuditLog.ok, true);
  });

  test('without a crash: the champion scores by default, a named version when asked, each in one attempt', async () => {
    const second = await trainWeatherModel(harness, weatherVersionId, { runKey: 'second', hyperparameters: { learningRate: 0.2, maxIterations: 300 } });
    assert.equal(second.modelVersion.version, 2);
    const alias = await harness.gql(
      `mutation { setModelAlias(input: { modelName: "weather", alias: "champion", version: 1, reason: "batch scoring test" }) { name } }`,
      {},
      TOKENS.admin,
    );
    assert.equal(alias.errors, undefined, JSON.stringify(alias.errors));

    const byChampion = await harness.gql(START, { input: { modelName: 'weather', datasetVersionId: weatherVersionId } });
    const byVersion = await harness.gql(START, { input: { modelName: 'weather', version: 2, datasetVersionId: weatherVersionId } });
    assert.equal(byChampion.data!.startBatchScoring.modelVersion.version, 1);
    assert.equal(byVersion.data!.startBatchScoring.modelVersion.version, 2);

    for (const started of [byChampion, byVersion]) {
      const job = await waitForJob(harness, started.data!.startBatchScoring.id, TOKENS.viewer);
      assert.equal(job.status, 'SUCCEEDED', JSON.stringify(job));
      assert.deepEqual([job.rowsScored, job.outputDatasetVersion.rowCount, job.outputDatasetVersion.datasetName], [1461, 1461, 'seattle-weather.scored']);
      const history = await harness.temporal.workflow.getHandle(job.workflowId).fetchHistory();
      assert.equal(activityAttempts(history, 'scoreDatasetChunks'), 1);
    }
    const outputs = await harness.dataSource.query(
      `SELECT v.version FROM dataset_version v JOIN dataset d ON d.id = v.dataset_id WHERE d.name = 'seattle-weather.scored' ORDER BY v.version`,
    );
    assert.deepEqual(outputs, [{ version: 1 }, { version: 2 }], 'two models, two different scored versions');
  });

  test('refuses unknown models, versions and datasets, datasets without the features, and callers who may not', async () => {
    const input = { modelName: 'weather', datasetVersionId: weatherVersionId };
    const [{ before }] = await harness.dataSource.query('SELECT count(*)::int AS before FROM batch_scoring_job');

    assertError(await harness.gql(START, { input: { ...input, modelName: 'no-such-model' } }), 'NOT_FOUND', 'input.modelName', /model no-such-model not found/);
    assertError(await harness.gql(START, { input: { ...input, version: 99 } }), 'NOT_FOUND', 'input.version', /version 99 of model weather not found/);
    assertError(await harness.gql(START, { input: { ...input, datasetVersionId: randomUUID() } }), 'NOT_FOUND', 'input.datasetVersionId', /dataset version/);
    assertError(await harness.gql(START, { input: { ...input, datasetVersionId: 'nope' } }), 'BAD_USER_INPUT', 'input.datasetVersionId', /UUID/);
    assertError(await harness.gql(START, { input: { ...input, chunkRows: 5 } }), 'BAD_USER_INPUT', 'input.chunkRows', /100 to 20000/);

    const cars = await harness.gql(REGISTER, { input: { name: 'cars', uri: path.join(SAMPLE_DATA, 'cars.jsonl') } });
    assertError(
      await harness.gql(START, { input: { ...input, datasetVersionId: cars.data!.registerDataset.id } }),
      'BAD_USER_INPUT',
      'input.datasetVersionId',
      /lacks the feature column\(s\) "precipitation", "temp_max", "temp_min", "wind" the model needs/,
    );
    const clashing = path.join(harness.config.dataDir, 'already-scored.csv');
    await writeFile(clashing, 'precipitation,temp_max,temp_min,wind,prediction\n0,10,5,3,sun\n1,8,4,5,rain\n');
    const clash = await harness.gql(REGISTER, { input: { name: 'already-scored', uri: clashing } });
    assertError(
      await harness.gql(START, { input: { ...input, datasetVersionId: clash.data!.registerDataset.id } }),
      'BAD_USER_INPUT',
      'input.datasetVersionId',
      /"prediction", which the output's prediction columns would repeat/,
    );
    const textual = path.join(harness.config.dataDir, 'textual-wind.csv');
    await writeFile(textual, 'precipitation,temp_max,temp_min,wind\n0,10,5,calm\n1,8,4,gale\n');
    const text = await harness.gql(REGISTER, { input: { name: 'textual-wind', uri: textual } });
    assertError(
      await harness.gql(START, { input: { ...input, datasetVersionId: text.data!.registerDataset.id } }),
      'BAD_USER_INPUT',
      'input.datasetVersionId',
      /"wind" is categorical here, numeric in training/,
    );

    assertError(await harness.gql(START, { input }, TOKENS.viewer), 'FORBIDDEN', undefined, /role viewer may not perform this operation/);
    assertError(await harness.gql(JOB, { id: randomUUID() }, TOKENS.viewer), 'NOT_FOUND', 'id', /batch scoring job .* not found/);
    const [{ after }] = await harness.dataSource.query('SELECT count(*)::int AS after FROM batch_scoring_job');
    assert.equal(after, before, 'a refused request records no job');
  });
});

async function trainWeatherModel(harness: Harness, datasetVersionId: string, options: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const started = await harness.gql(START_PIPELINE, {
    input: { modelName: 'weather', datasetVersionId, target: 'weather', features: WEATHER_FEATURES, task: 'CLASSIFICATION', ...options },
  });
  assert.equal(started.errors, undefined, JSON.stringify(started.errors));
  const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
  assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
  return run;
}

interface ScoringWorker {
  process: ChildProcess;
  /** What it has logged so far, one pino record a line. */
  logs: Record<string, any>[];
}

/** `npm run worker` for the scoring queue only, against the harness's database, Temporal and data directory. */
function startScoringWorker(harness: Harness): ScoringWorker {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'workers', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: harness.databaseUrl,
      TEMPORAL_ADDRESS: harness.config.temporalAddress,
      TEMPORAL_NAMESPACE: harness.config.temporalNamespace,
      PROVENANT_TASK_QUEUE_PREFIX: harness.config.taskQueuePrefix,
      PROVENANT_DATA_DIR: harness.config.dataDir,
      PROVENANT_WORKER_QUEUES: 'scoring',
      PROVENANT_WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, any>[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => logs.push(JSON.parse(line)));
  return { process: child, logs };
}

async function stopWorker({ process: child }: ScoringWorker, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** Polls the job row (cheaper than GraphQL, so the kill lands on time) until at least `rows` are committed. */
async function waitForRowsScored(harness: Harness, jobId: string, rows: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ rows_scored }] = await harness.dataSource.query('SELECT rows_scored FROM batch_scoring_job WHERE id = $1', [jobId]);
    if (rows_scored >= rows) return rows_scored;
    if (Date.now() > deadline) throw new Error(`batch scoring job ${jobId} scored ${rows_scored} rows in ${timeoutMs} ms; waiting for ${rows}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitForJob(harness: Harness, id: string, token: string = TOKENS.admin, timeoutMs = 120_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data, errors } = await harness.gql(JOB, { id }, token);
    if (errors) throw new Error(`batchScoringJob failed: ${JSON.stringify(errors)}`);
    const job = data!.batchScoringJob;
    if (job.status !== 'RUNNING') return job;
    if (Date.now() > deadline) throw new Error(`batch scoring job ${id} still RUNNING after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function downloadJsonLines(harness: Harness, sha256: string): Promise<Record<string, any>[]> {
  const response = await fetch(`${harness.url}/artifacts/${sha256}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
  assert.equal(response.status, 200);
  return (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function scoreDirectly(artifactUri: string, rows: Record<string, any>[]): Promise<{ labels: string[]; probabilities: Float32Array }> {
  const session = await ort.InferenceSession.create(await readFile(fileURLToPath(artifactUri)));
  try {
    const features = new Float32Array(rows.flatMap((row) => WEATHER_FEATURES.map((name) => row[name])));
    const outputs = await session.run({ numeric_features: new ort.Tensor('float32', features, [rows.length, WEATHER_FEATURES.length]) });
    return { labels: outputs.label.data as string[], probabilities: outputs.probabilities.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** The attempt that last started an activity of this type, as the workflow history records it. */
function activityAttempts(history: WorkflowHistory, activityType: string): number {
  const events = history.events ?? [];
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType);
  assert.ok(scheduled, `no ${activityType} in the history`);
  const started = events.find((event) => Number(event.activityTaskStartedEventAttributes?.scheduledEventId) === Number(scheduled!.eventId));
  assert.ok(started, `${activityType} never started`);
  return started.activityTaskStartedEventAttributes!.attempt ?? 1;
}
