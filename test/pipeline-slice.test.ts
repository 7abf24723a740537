import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Worker } from '@temporalio/worker';
import * as ort from 'onnxruntime-node';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, startHarness, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `
  mutation Register($input: RegisterDatasetInput!) {
    registerDataset(input: $input) { id datasetName version contentSha256 format rowCount schema { name type nullCount distinctCount } }
  }`;
const START = `
  mutation Start($input: StartModelPipelineInput!) {
    startModelPipeline(input: $input) { id workflowId status currentStage modelName }
  }`;

const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];

describe('walking skeleton: GraphQL → Temporal → Postgres', () => {
  let harness: Harness;
  let weatherVersionId: string;
  let weatherRun: Record<string, any>;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  test('registers a real CSV dataset, content-addressed and idempotent', async () => {
    const uri = path.join(SAMPLE_DATA, 'seattle-weather.csv');
    const first = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri, description: 'vega-datasets' } });
    assert.equal(first.errors, undefined);
    const version = first.data!.registerDataset;
    assert.equal(version.version, 1);
    assert.equal(version.rowCount, 1461);
    assert.equal(version.format, 'csv');
    assert.equal(version.contentSha256, createHash('sha256').update(await readFile(uri)).digest('hex'));
    const types = Object.fromEntries(version.schema.map((c: { name: string; type: string }) => [c.name, c.type]));
    assert.deepEqual(types, { date: 'string', precipitation: 'number', temp_max: 'number', temp_min: 'number', wind: 'number', weather: 'string' });
    assert.equal(version.schema.find((c: { name: string }) => c.name === 'weather').distinctCount, 5);

    const again = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri: `file://${uri}` } });
    assert.equal(again.data!.registerDataset.id, version.id, 'same bytes give the same version');
    await auditLogSealed(harness.dataSource);
    const [{ count }] = await harness.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'dataset_version.registered' AND subject_id = $1`,
      [version.id],
    );
    assert.equal(count, 1);
    weatherVersionId = version.id;
  });

  test('runs validate → train → evaluate → register on the real servers', async () => {
    const started = await harness.gql(
      START,
      { input: { modelName: 'weather-classifier', datasetVersionId: weatherVersionId, target: 'weather', features: WEATHER_FEATURES, task: 'CLASSIFICATION' } },
      'engineer-token-1',
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    assert.equal(started.data!.startModelPipeline.status, 'RUNNING');
    assert.match(started.data!.startModelPipeline.workflowId, /^pipeline:weather-classifier:[0-9a-f]{20}$/);

    weatherRun = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(weatherRun.status, 'SUCCEEDED', JSON.stringify(weatherRun));
    assert.equal(weatherRun.requestedBy, 'engineer-user');
    assert.deepEqual(
      weatherRun.stages.map((s: { name: string; status: string; attempts: number }) => [s.name, s.status, s.attempts]),
      [['validate', 'SUCCEEDED', 1], ['tune', 'SKIPPED', 0], ['train', 'SUCCEEDED', 1], ['evaluate', 'SUCCEEDED', 1], ['register', 'SUCCEEDED', 1]],
    );
    for (const stage of weatherRun.stages.filter((s: { status: string }) => s.status !== 'SKIPPED')) {
      assert.ok(Date.parse(stage.finishedAt) >= Date.parse(stage.startedAt));
    }

    const version = weatherRun.modelVersion;
    assert.equal(version.version, 1);
    assert.deepEqual(version.classLabels, ['drizzle', 'fog', 'rain', 'snow', 'sun']);
    assert.deepEqual(Object.keys(version.metrics).sort(), ['accuracy', 'logLoss', 'macroF1', 'macroPrecision', 'macroRecall', 'rocAucMacro']);
    // The majority class ("sun") is 44% of days; the model must beat always guessing it.
    assert.ok(version.metrics.accuracy > 0.6 && version.metrics.accuracy <= 1, `accuracy ${version.metrics.accuracy}`);
    assert.equal(version.hyperparameters.learningRate, 0.5, 'effective hyperparameters are recorded');
  });

  test('the registered artifact is a real ONNX model whose bytes match its sha256', async () => {
    const version = weatherRun.modelVersion;
    const bytes = await readFile(fileURLToPath(version.artifactUri));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), version.artifactSha256);
    const session = await ort.InferenceSession.create(bytes);
    assert.deepEqual(session.inputNames, ['numeric_features']);
    // Scoring every row independently of the pipeline: well above the majority-class rate.
    const csv = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n').slice(1);
    const rows = csv.map((line) => line.split(','));
    const features = new Float32Array(rows.flatMap((r) => [1, 2, 3, 4].map((i) => Number(r[i]))));
    const outputs = await session.run({ numeric_features: new ort.Tensor('float32', features, [rows.length, 4]) });
    const labels = outputs.label.data as string[];
    const correct = labels.filter((label, i) => label === rows[i][5]).length;
    assert.ok(correct / rows.length > 0.6, `whole-dataset accuracy ${correct / rows.length}`);
    await session.release();
  });

  test('lineage links dataset version → pipeline run → model version', async () => {
    const { data, errors } = await harness.gql(
      `query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 5) { nodes { id kind label } edges { from to relation } } }`,
      { id: weatherRun.modelVersion.id },
      'viewer-token-1',
    );
    assert.equal(errors, undefined);
    const kinds = Object.fromEntries(data!.lineage.nodes.map((n: { id: string; kind: string }) => [n.kind, n.id]));
    assert.deepEqual(Object.keys(kinds).sort(), ['dataset_version', 'model_version', 'pipeline_run', 'validation_report']);
    assert.equal(kinds.validation_report, weatherRun.validationReport.id);
    assert.deepEqual(
      new Set(data!.lineage.edges.map((e: { from: string; to: string; relation: string }) => `${e.from}>${e.to}:${e.relation}`)),
      new Set([
        `${weatherVersionId}>${weatherRun.id}:used_by`,
        `${weatherVersionId}>${kinds.validation_report}:validated_by`,
        `${kinds.validation_report}>${weatherRun.id}:used_by`,
        `${weatherRun.id}>${weatherRun.modelVersion.id}:produced`,
      ]),
    );
    const downstream = await harness.gql(
      `query L($id: ID!) { lineage(id: $id, direction: DOWNSTREAM, depth: 1) { nodes { kind } } }`,
      { id: weatherVersionId },
    );
    assert.deepEqual(
      downstream.data!.lineage.nodes.map((n: { kind: string }) => n.kind).sort(),
      ['dataset_version', 'evaluation_report', 'pipeline_run', 'validation_report'],
    );
  });

  test('every step is in the audit log and the hash chain verifies', async () => {
    const { data } = await harness.gql(
      `query A($subjectId: String) { auditEvents(filter: { subjectId: $subjectId }, first: 50) { edges { node { sequence actor action payload hash previousHash } } } }`,
      { subjectId: weatherRun.id },
    );
    const actions = data!.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action).reverse();
    assert.deepEqual(actions, [
      'pipeline.requested',
      'pipeline.stage.succeeded',
      'pipeline.stage.succeeded',
      'pipeline.stage.succeeded',
      'pipeline.stage.succeeded',
      'pipeline.succeeded',
    ]);
    assert.equal(data!.auditEvents.edges.at(-1).node.actor, 'engineer-user');
    const verification = await harness.gql(`{ verifyAuditLog { ok checked firstInvalidSequence } }`, {}, 'ops-token-1');
    assert.equal(verification.data!.verifyAuditLog.ok, true);
    await auditLogSealed(harness.dataSource);
    const [{ count }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM audit_event');
    assert.equal(verification.data!.verifyAuditLog.checked, count);
    assert.equal(verification.data!.verifyAuditLog.firstInvalidSequence, null);
  });

  test('the same request returns the same run; a new runKey makes version 2', async () => {
    const input = { modelName: 'weather-classifier', datasetVersionId: weatherVersionId, target: 'weather', features: WEATHER_FEATURES, task: 'CLASSIFICATION' };
    const repeat = await harness.gql(START, { input });
    assert.equal(repeat.data!.startModelPipeline.workflowId, weatherRun.workflowId);
    assert.equal(repeat.data!.startModelPipeline.id, weatherRun.id);
    const [{ count }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM pipeline_run WHERE workflow_id = $1', [weatherRun.workflowId]);
    assert.equal(count, 1);

    const fresh = await harness.gql(START, { input: { ...input, runKey: 'second', hyperparameters: { learningRate: 0.2, maxIterations: 300 } } });
    const run = await waitForPipeline(harness, fresh.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'SUCCEEDED');
    assert.equal(run.modelVersion.version, 2);
    assert.equal(run.modelVersion.hyperparameters.learningRate, 0.2);
    const model = await harness.gql(`{ model(name: "weather-classifier") { task versions { version } } }`);
    assert.deepEqual(model.data!.model, { task: 'CLASSIFICATION', versions: [{ version: 2 }, { version: 1 }] });
  });

  test('regression on JSON lines with missing values', async () => {
    const registered = await harness.gql(REGISTER, { input: { name: 'cars', uri: path.join(SAMPLE_DATA, 'cars.jsonl') } });
    const cars = registered.data!.registerDataset;
    assert.equal(cars.rowCount, 406);
    assert.equal(cars.schema.find((c: { name: string }) => c.name === 'Horsepower').nullCount, 6);
    const started = await harness.gql(START, {
      input: { modelName: 'mpg', datasetVersionId: cars.id, target: 'Miles_per_Gallon', features: ['Horsepower', 'Weight_in_lbs', 'Cylinders'], task: 'REGRESSION' },
    });
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    const { rmse, mae, r2 } = run.modelVersion.metrics;
    assert.ok(r2 > 0.6 && r2 < 1, `r2 ${r2}`);
    assert.ok(mae > 0 && mae <= rmse && rmse < 6, `mae ${mae} rmse ${rmse}`);
  });

  test('pipelineRuns pages newest first with stable cursors', async () => {
    const all = await harness.gql(`{ pipelineRuns(first: 10) { edges { node { workflowId } } pageInfo { hasNextPage } } }`);
    const ids = all.data!.pipelineRuns.edges.map((e: { node: { workflowId: string } }) => e.node.workflowId);
    assert.equal(ids.length, 3);
    assert.equal(all.data!.pipelineRuns.pageInfo.hasNextPage, false);
    assert.equal(ids[2], weatherRun.workflowId, 'the first run is the oldest');
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await harness.gql(
        `query P($after: String) { pipelineRuns(first: 1, after: $after) { edges { node { workflowId } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      paged.push(...page.data.pipelineRuns.edges.map((e: { node: { workflowId: string } }) => e.node.workflowId));
      if (!page.data.pipelineRuns.pageInfo.hasNextPage) break;
      after = page.data.pipelineRuns.pageInfo.endCursor;
    }
    assert.deepEqual(paged, ids);
  });

  test('the finished run replays deterministically against the current workflow code', async () => {
    const history = await harness.temporal.workflow.getHandle(weatherRun.workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowsPath: require.resolve('../workflows') }, history, weatherRun.workflowId);
  });
});
