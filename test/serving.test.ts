import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { logger } from '../platform/logger';
import { createServingServer, MAX_BODY_BYTES, type ServingServer } from '../serving/create-server';
import { dayPartitions } from '../db/prediction-log';
import { TrafficSplit } from '../serving/traffic-split';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { assertError, METRICS_TOKEN, SAMPLE_DATA, SERVING_TOKEN, startHarness, TOKENS, waitForPipeline, type Harness } from './support/harness';
import { eventually } from './support/eventually';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RECORD = `mutation G($input: RecordGroundTruthInput!) { recordGroundTruth(input: $input) { modelName requestId rowIndex label recordedBy recordedAt } }`;

const WEATHER = 'weather-serving';
const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
/** The canary reads fewer features: requests carry the union, and each version takes its own. */
const CANARY_FEATURES = ['precipitation', 'temp_max', 'wind'];
const PENGUINS = 'penguins-serving';
const PENGUIN_NUMERIC = ['Beak Length (mm)', 'Flipper Length (mm)'];
const PENGUIN_CATEGORICAL = ['Island', 'Sex'];

/** The serving processes' canary key: the test holds it as an operator would, to find ids in a bucket. */
const CANARY_KEY = 'serving-test-canary-key-of-32-characters';
const SPLIT = new TrafficSplit(CANARY_KEY);
/** A client of the weather model only, and one of production only. */
const WEATHER_CLIENT = 'weather-client-token';
const PRODUCTION_CLIENT = 'production-client-token';

type Row = Record<string, number | string | null>;

interface ModelVersion {
  id: string;
  version: number;
  artifactUri: string;
}

interface InferResponse {
  status: number;
  body: Record<string, any>;
}

describe('serving: the Open Inference Protocol over traffic routes', () => {
  let harness: Harness;
  let server: ServingServer;
  let base: string;
  let stable: ModelVersion;
  let canary: ModelVersion;
  let penguins: ModelVersion;
  let weatherRows: Row[];
  let penguinRows: Row[];
  /** Request ids of the concurrent run, each with its row count and the version that answered. */
  const splitRequests = new Map<string, { rows: number; version: string }>();

  before(async () => {
    harness = await startHarness({
      env: {
        PROVENANT_SERVING_TOKENS: [`${SERVING_TOKEN}:*:STAGING:gateway`, `${WEATHER_CLIENT}:${WEATHER}:STAGING:weather-shop`, `${PRODUCTION_CLIENT}:*:PRODUCTION:live-shop`].join(','),
        PROVENANT_CANARY_KEY: CANARY_KEY,
      },
    });
    const register = async (name: string, file: string) =>
      (await harness.gql(REGISTER, { input: { name, uri: path.join(SAMPLE_DATA, file) } })).data!.registerDataset.id as string;
    const [weather, penguinData] = await Promise.all([register('seattle-weather', 'seattle-weather.csv'), register('penguins', 'penguins.jsonl')]);
    const train = async (input: Record<string, unknown>) => {
      const started = await harness.gql(START, { input });
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
      return run.modelVersion as ModelVersion;
    };
    const weatherInput = { modelName: WEATHER, datasetVersionId: weather, target: 'weather', task: 'CLASSIFICATION' };
    stable = await train({ ...weatherInput, features: WEATHER_FEATURES });
    [canary, penguins] = await Promise.all([
      train({ ...weatherInput, features: CANARY_FEATURES, hyperparameters: { learningRate: 0.1, l2: 0.1 } }),
      train({
        modelName: PENGUINS,
        datasetVersionId: penguinData,
        target: 'Species',
        features: [...PENGUIN_CATEGORICAL, ...PENGUIN_NUMERIC],
        task: 'CLASSIFICATION',
      }),
    ]);
    await setRoute(WEATHER, { stable: stable.id });
    await setRoute(PENGUINS, { stable: penguins.id });

    weatherRows = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const cells = line.split(',');
        return Object.fromEntries(WEATHER_FEATURES.map((name, i) => [name, Number(cells[i + 1])]));
      });
    penguinRows = (await readFile(path.join(SAMPLE_DATA, 'penguins.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Row);

    server = createServingServer({
      config: harness.config,
      dataSource: harness.dataSource,
      store: artifactStoreFor(harness.config),
      environment: 'STAGING',
      logger,
    });
    base = `http://127.0.0.1:${await server.listen(0)}`;
  });

  after(async () => {
    await server?.close();
    await harness?.close();
  });

  async function setRoute(modelName: string, route: { stable: string; canary?: string; weight?: number; shadow?: string }) {
    await harness.dataSource.query(
      `INSERT INTO traffic_route (model_name, environment, stable_version_id, canary_version_id, canary_weight, shadow_version_id, updated_by)
       VALUES ($1, 'STAGING', $2, $3, $4, $5, 'serving-test')
       ON CONFLICT (model_name, environment) DO UPDATE SET stable_version_id = $2, canary_version_id = $3, canary_weight = $4,
         shadow_version_id = $5, updated_at = now()`,
      [modelName, route.stable, route.canary ?? null, route.weight ?? 0, route.shadow ?? null],
    );
  }

  async function post(urlPath: string, body: unknown, token: string | null = SERVING_TOKEN): Promise<InferResponse> {
    const response = await fetch(`${base}${urlPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  function weatherRequest(rows: Row[], id?: string) {
    return {
      ...(id ? { id } : {}),
      inputs: WEATHER_FEATURES.map((name) => ({ name, datatype: 'FP32', shape: [rows.length], data: rows.map((row) => row[name]) })),
    };
  }

  /** What onnxruntime itself answers for `rows`, fed through the model's own input tensors. */
  async function scoreDirectly(version: ModelVersion, numeric: string[], categorical: string[], rows: Row[]) {
    const session = await ort.InferenceSession.create(await artifactStoreFor(harness.config).read(version.artifactUri));
    const feeds: Record<string, ort.Tensor> = {};
    const numericData = new Float32Array(rows.flatMap((row) => numeric.map((name) => (row[name] === null || row[name] === undefined ? Number.NaN : Number(row[name])))));
    feeds.numeric_features = new ort.Tensor('float32', numericData, [rows.length, numeric.length]);
    if (categorical.length > 0) {
      const strings = rows.flatMap((row) => categorical.map((name) => (row[name] === null || row[name] === undefined ? '' : String(row[name]))));
      feeds.categorical_features = new ort.Tensor('string', strings, [rows.length, categorical.length]);
    }
    const outputs = await session.run(feeds);
    await session.release();
    return { label: Array.from(outputs.label.data as string[]), probabilities: Array.from(outputs.probabilities.data as Float32Array) };
  }


  /** A request id the split sends to the canary at any weight above `bucket`. */
  function idInBucket(bucket: number, prefix: string): string {
    for (let i = 0; ; i++) if (SPLIT.bucket(`${prefix}-${i}`) === bucket) return `${prefix}-${i}`;
  }

  /** Waits until the server has heard a route change: a probe request is answered by `version`. */
  async function waitForVersion(probeId: string, version: number): Promise<void> {
    await eventually(async () => {
      const { body } = await post(`/v2/models/${WEATHER}/infer`, weatherRequest(weatherRows.slice(0, 1), probeId));
      assert.equal(body.model_version, String(version));
    });
  }

  async function logRowsFor(ids: string[]): Promise<{ request_id: string; role: string; version: number; rows: number }[]> {
    return harness.dataSource.query(
      `SELECT p.request_id, p.role, v.version, count(*)::int AS rows FROM prediction_log p JOIN model_version v ON v.id = p.model_version_id
        WHERE p.request_id = ANY($1) GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      [ids],
    );
  }

  test('health, readiness and model metadata; model endpoints need a token', async () => {
    assert.equal((await fetch(`${base}/v2/health/live`)).status, 200);
    // Ready once the routed versions' sessions have loaded, which starts with the process.
    await eventually(async () => {
      const ready = await fetch(`${base}/v2/health/ready`);
      assert.deepEqual({ status: ready.status, body: await ready.json() }, { status: 200, body: { ready: true, postgres: 'up', routes: 'up', models: 'up' } });
    });

    const metadata = await fetch(`${base}/v2/models/${PENGUINS}`, { headers: { authorization: `Bearer ${SERVING_TOKEN}` } });
    assert.equal(metadata.status, 200);
    assert.deepEqual(await metadata.json(), {
      name: PENGUINS,
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      // The ONNX graph's own inputs, each with the features it carries in column order.
      inputs: [
        { name: 'numeric_features', datatype: 'FP32', shape: [-1, 2], parameters: { features: PENGUIN_NUMERIC } },
        { name: 'categorical_features', datatype: 'BYTES', shape: [-1, 2], parameters: { features: PENGUIN_CATEGORICAL } },
      ],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
      ],
    });
    const anonymous = await fetch(`${base}/v2/models/${PENGUINS}`);
    assert.equal(anonymous.status, 401);
    assert.match(((await anonymous.json()) as { error: string }).error, /Bearer/);
  });

  test('per-feature tensors score exactly as onnxruntime does, and are logged one row per input row', async () => {
    const rows = weatherRows.slice(0, 40);
    const { status, body } = await post(`/v2/models/${WEATHER}/infer`, weatherRequest(rows, 'weather-first'));
    assert.equal(status, 200, JSON.stringify(body));
    const expected = await scoreDirectly(stable, WEATHER_FEATURES, [], rows);
    assert.deepEqual(body, {
      model_name: WEATHER,
      model_version: '1',
      id: 'weather-first',
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [40], data: expected.label },
        { name: 'probabilities', datatype: 'FP32', shape: [40, 5], data: expected.probabilities },
      ],
    });

    // Categorical features, missing values and feature names with spaces and parentheses.
    const penguinSample = penguinRows.filter((row, i) => i % 7 === 0 || row.Sex === null || row['Beak Length (mm)'] === null);
    assert.ok(penguinSample.some((row) => row.Sex === null) && penguinSample.some((row) => row['Beak Length (mm)'] === null));
    const penguinRequest = {
      id: 'penguins-first',
      inputs: [
        ...PENGUIN_NUMERIC.map((name) => ({ name, datatype: 'FP64', shape: [penguinSample.length, 1], data: penguinSample.map((row) => [row[name]]) })),
        ...PENGUIN_CATEGORICAL.map((name) => ({ name, datatype: 'BYTES', shape: [penguinSample.length], data: penguinSample.map((row) => row[name]) })),
      ],
    };
    const penguinReply = await post(`/v2/models/${encodeURIComponent(PENGUINS)}/infer`, penguinRequest);
    assert.equal(penguinReply.status, 200, JSON.stringify(penguinReply.body));
    const penguinExpected = await scoreDirectly(penguins, PENGUIN_NUMERIC, PENGUIN_CATEGORICAL, penguinSample);
    assert.deepEqual(penguinReply.body.outputs[0].data, penguinExpected.label);
    assert.deepEqual(penguinReply.body.outputs[1].data, penguinExpected.probabilities);

    // The model's own tensors give the same answer.
    const ownTensors = await post(`/v2/models/${WEATHER}/infer`, {
      inputs: [{ name: 'numeric_features', datatype: 'FP32', shape: [40, 4], data: rows.map((row) => WEATHER_FEATURES.map((name) => row[name])) }],
    });
    assert.equal(ownTensors.status, 200, JSON.stringify(ownTensors.body));
    assert.deepEqual(ownTensors.body.outputs, body.outputs);
    assert.match(ownTensors.body.id, /^[0-9a-f-]{36}$/, 'a request without an id gets one');

    await eventually(async () => {
      const logged = await harness.dataSource.query(
        `SELECT row_index, model_version_id, role, environment, features, output, error, latency_ms FROM prediction_log WHERE request_id = 'penguins-first' ORDER BY row_index`,
      );
      assert.equal(logged.length, penguinSample.length);
      const first = logged[0];
      assert.equal(first.model_version_id, penguins.id);
      assert.equal(first.role, 'stable');
      assert.equal(first.environment, 'STAGING');
      assert.equal(first.error, null);
      assert.ok(first.latency_ms > 0);
      const sample = penguinSample[0];
      assert.deepEqual(first.features, Object.fromEntries([...PENGUIN_NUMERIC, ...PENGUIN_CATEGORICAL].map((name) => [name, sample[name] ?? null])));
      assert.equal(first.output.label, penguinExpected.label[0]);
      assert.deepEqual(Object.keys(first.output.probabilities).sort(), ['Adelie', 'Chinstrap', 'Gentoo']);
    });
  });

  test('a version named in the URL answers once it is the route\'s canary, logged as pinned', async () => {
    const rows = weatherRows.slice(100, 110);
    // Neither approved for STAGING nor on the route yet (test/serving-approved-only.test.ts covers approvals).
    const unrouted = await post(`/v2/models/${WEATHER}/versions/2/infer`, weatherRequest(rows, 'pinned-refused'));
    assert.equal(unrouted.status, 403, JSON.stringify(unrouted.body));
    assert.deepEqual(unrouted.body, {
      error: `model "${WEATHER}" version 2 is not served in STAGING: it was never approved for STAGING and is not its route's stable or canary`,
      code: 'FORBIDDEN',
    });
    await setRoute(WEATHER, { stable: stable.id, canary: canary.id, weight: 0 });
    await eventually(async () => assert.equal((await post(`/v2/models/${WEATHER}/versions/2/infer`, weatherRequest(rows.slice(0, 1), 'pinned-probe'))).status, 200));
    const { status, body } = await post(`/v2/models/${WEATHER}/versions/2/infer`, weatherRequest(rows, 'pinned-2'));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.model_version, '2');
    const expected = await scoreDirectly(canary, CANARY_FEATURES, [], rows);
    assert.deepEqual(body.outputs[0].data, expected.label);
    assert.deepEqual(body.outputs[1].data, expected.probabilities);
    await eventually(async () => assert.deepEqual(await logRowsFor(['pinned-2']), [{ request_id: 'pinned-2', role: 'pinned', version: 2, rows: 10 }]));

    const metadata = await fetch(`${base}/v2/models/${WEATHER}/versions/2`, { headers: { authorization: `Bearer ${SERVING_TOKEN}` } });
    assert.deepEqual(((await metadata.json()) as { inputs: { parameters: { features: string[] } }[] }).inputs.map((input) => input.parameters.features), [CANARY_FEATURES]);
  });

  test('serving tokens call only their models and environments; API tokens only for ops and admin', async () => {
    const request = weatherRequest(weatherRows.slice(0, 2));
    assert.equal((await post(`/v2/models/${WEATHER}/infer`, request, WEATHER_CLIENT)).status, 200);
    const refusals: [InferResponse, RegExp][] = [
      [await post(`/v2/models/${PENGUINS}/infer`, request, WEATHER_CLIENT), new RegExp(`^serving client weather-shop may not call model "${PENGUINS}" \\(only "${WEATHER}"\\)$`)],
      [await post(`/v2/models/${WEATHER}/infer`, request, PRODUCTION_CLIENT), /^serving client live-shop may not call models in STAGING \(only PRODUCTION\)$/],
      [await post(`/v2/models/${WEATHER}/versions/1/infer`, request, PRODUCTION_CLIENT), /may not call models in STAGING/],
      [await post(`/v2/models/${WEATHER}/infer`, request, TOKENS.viewer), /^role viewer may not call models; use a serving token/],
      [await post(`/v2/models/${WEATHER}/infer`, request, TOKENS.engineer), /^role engineer may not call models/],
      [await post(`/v2/models/${WEATHER}/infer`, request, TOKENS.approver), /^role approver may not call models/],
    ];
    for (const [response, message] of refusals) {
      assert.equal(response.status, 403, JSON.stringify(response.body));
      assert.equal(response.body.code, 'FORBIDDEN');
      assert.match(response.body.error, message);
    }
    const metadata = await fetch(`${base}/v2/models/${PENGUINS}`, { headers: { authorization: `Bearer ${WEATHER_CLIENT}` } });
    assert.equal(metadata.status, 403);
    for (const token of [TOKENS.ops, TOKENS.admin]) assert.equal((await post(`/v2/models/${PENGUINS}/infer`, { inputs: [] }, token)).status, 400, 'ops and admin reach the model');
  });

  test('malformed requests get protocol errors naming the input, and the server stays healthy', async () => {
    const infer = `/v2/models/${WEATHER}/infer`;
    const three = weatherRows.slice(0, 3);
    const valid = weatherRequest(three);
    const refusals: [InferResponse, number, RegExp][] = [
      [await post(infer, '{"inputs": [', SERVING_TOKEN), 400, /^the request body is not valid JSON/],
      [await post(infer, 'null'), 400, /must be a JSON object with an "inputs" array/],
      [await post(infer, { inputs: 'all of them' }), 400, /"inputs" must be a non-empty array/],
      [await post(infer, { inputs: valid.inputs.filter((input) => input.name !== 'wind') }), 400, /^input "wind" is missing/],
      [
        await post(infer, { inputs: valid.inputs.map((input) => (input.name === 'wind' ? { ...input, datatype: 'BYTES', data: ['4.7', '4.5', '2.3'] } : input)) }),
        400,
        /^input "wind": datatype must be one of FP32.*got "BYTES"/,
      ],
      [
        await post(infer, { inputs: valid.inputs.map((input) => (input.name === 'wind' ? { ...input, shape: [2], data: [1, 2] } : input)) }),
        400,
        /^input "wind" has 2 rows but input "precipitation" has 3/,
      ],
      [
        await post(infer, { inputs: valid.inputs.map((input) => (input.name === 'wind' ? { ...input, data: [1, 'fast', 2] } : input)) }),
        400,
        /^input "wind": data\[1\] must be a number or null for datatype FP32; got "fast"/,
      ],
      [await post(infer, { id: 42, inputs: valid.inputs }), 400, /"id" must be a non-empty string/],
      [await post('/v2/models/no-such-model/infer', valid), 404, /^model "no-such-model" is not served in STAGING/],
      [await post(`/v2/models/${WEATHER}/versions/99/infer`, valid), 404, /has no version 99/],
      [await post(`/v2/models/${WEATHER}/versions/latest/infer`, valid), 400, /version "latest" must be a version number/],
      [await post(infer, valid, null), 401, /Bearer/],
      [await post(infer, valid, 'not-a-real-token'), 401, /Bearer/],
    ];
    for (const [response, status, message] of refusals) {
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.deepEqual(Object.keys(response.body), ['error']);
      assert.match(response.body.error, message);
    }

    const wrongMethod = await fetch(`${base}${infer}`, { headers: { authorization: `Bearer ${SERVING_TOKEN}` } });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    assert.equal((await fetch(`${base}/v1/models/x:predict`)).status, 404);
    assert.equal(await declaredTooLarge(infer), 413);

    assert.equal((await fetch(`${base}/v2/health/ready`)).status, 200);
    assert.equal((await post(infer, valid)).status, 200);
  });

  /** Sends only the headers of a body one byte over the limit: the server answers without reading it. */
  function declaredTooLarge(urlPath: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${base}${urlPath}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json', 'content-length': MAX_BODY_BYTES + 1 },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode!);
        request.destroy();
      });
      request.on('error', reject);
      request.flushHeaders();
    });
  }

  test('ground truth attaches to logged predictions, idempotently and audited', async () => {
    const engineer = await harness.gql(RECORD, { input: { modelName: PENGUINS, requestId: 'penguins-first', rowIndex: 1, label: 'Adelie' } }, TOKENS.engineer);
    assert.equal(engineer.errors, undefined, JSON.stringify(engineer.errors));
    const recorded = engineer.data!.recordGroundTruth;
    assert.deepEqual({ ...recorded, recordedAt: undefined }, { modelName: PENGUINS, requestId: 'penguins-first', rowIndex: 1, label: 'Adelie', recordedBy: 'engineer-user', recordedAt: undefined });

    const again = await harness.gql(RECORD, { input: { modelName: PENGUINS, requestId: 'penguins-first', rowIndex: 1, label: 'Adelie' } }, TOKENS.ops);
    assert.deepEqual(again.data!.recordGroundTruth, recorded, 'the same label again changes nothing');
    const changed = await harness.gql(RECORD, { input: { modelName: PENGUINS, requestId: 'penguins-first', rowIndex: 1, label: 'Gentoo' } }, TOKENS.ops);
    assert.equal(changed.data!.recordGroundTruth.label, 'Gentoo');
    assert.equal(changed.data!.recordGroundTruth.recordedBy, 'ops-user');
    const defaultRow = await harness.gql(RECORD, { input: { modelName: WEATHER, requestId: 'weather-first', label: { observed: 'sun' } } }, TOKENS.admin);
    assert.deepEqual(defaultRow.data!.recordGroundTruth.label, { observed: 'sun' });
    assert.equal(defaultRow.data!.recordGroundTruth.rowIndex, 0);

    await auditLogSealed(harness.dataSource);
    const audited = await harness.dataSource.query(
      `SELECT actor, payload FROM audit_event WHERE action = 'ground_truth.recorded' AND subject_id = 'penguins-first' ORDER BY sequence`,
    );
    assert.deepEqual(
      audited.map((event: { actor: string; payload: Record<string, unknown> }) => [event.actor, event.payload.label, event.payload.previousLabel]),
      [
        ['engineer-user', 'Adelie', null],
        ['ops-user', 'Gentoo', 'Adelie'],
      ],
    );

    assertError(await harness.gql(RECORD, { input: { modelName: PENGUINS, requestId: 'penguins-first', label: 'Adelie' } }, TOKENS.viewer), 'FORBIDDEN', undefined, /viewer/);
    assertError(await harness.gql(RECORD, { input: { modelName: PENGUINS, requestId: 'never-sent', label: 'x' } }), 'NOT_FOUND', 'input.requestId', /never-sent/);
    assertError(await harness.gql(RECORD, { input: { modelName: WEATHER, requestId: 'penguins-first', label: 'x' } }), 'NOT_FOUND', 'input.requestId', /model "weather-serving"/);
    assertError(await harness.gql(RECORD, { input: { modelName: WEATHER, requestId: 'pinned-2', rowIndex: 10, label: 'x' } }), 'NOT_FOUND', 'input.rowIndex', /row 10/);

    const listed = await harness.gql(
      `{ predictions(modelName: "${PENGUINS}", first: 500) { requestId rowIndex version role features output groundTruth { label recordedBy } } }`,
      {},
      TOKENS.viewer,
    );
    assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
    const row1 = listed.data!.predictions.find((p: { requestId: string; rowIndex: number }) => p.requestId === 'penguins-first' && p.rowIndex === 1);
    assert.deepEqual(row1.groundTruth, { label: 'Gentoo', recordedBy: 'ops-user' });
    assert.equal(row1.version, 1);
    assert.equal(row1.role, 'stable');
  });

  test('concurrent requests while the split moves 50 → 100 → 0: none fails, each is logged exactly once', async (t) => {
    await setRoute(WEATHER, { stable: stable.id, canary: canary.id, weight: 50 });
    await waitForVersion(idInBucket(0, 'probe-50'), 2);

    const total = 300;
    const started = performance.now();
    const failures: string[] = [];
    await runConcurrently(total, 16, async (i) => {
      if (i === 100) await setRoute(WEATHER, { stable: stable.id, canary: canary.id, weight: 100 });
      if (i === 200) await setRoute(WEATHER, { stable: stable.id, canary: canary.id, weight: 0 });
      const id = `split-${i}`;
      const rows = weatherRows.slice(i, i + 1 + (i % 3));
      const { status, body } = await post(`/v2/models/${WEATHER}/infer`, weatherRequest(rows, id));
      if (status !== 200) failures.push(`${id}: ${status} ${JSON.stringify(body)}`);
      else splitRequests.set(id, { rows: rows.length, version: body.model_version });
    });
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`${total} requests during route changes in ${seconds.toFixed(2)} s (${Math.round(total / seconds)} requests/s)`);
    assert.deepEqual(failures, []);
    const versions = new Set([...splitRequests.values()].map((request) => request.version));
    assert.deepEqual([...versions].sort(), ['1', '2'], 'both versions answered');

    await waitForVersion(idInBucket(0, 'probe-0'), 1);
    const ids = [...splitRequests.keys()];
    const expectedRows = [...splitRequests.values()].reduce((sum, request) => sum + request.rows, 0);
    await eventually(async () => {
      const logged = await logRowsFor(ids);
      assert.equal(logged.reduce((sum, group) => sum + group.rows, 0), expectedRows);
    });
    const logged = await logRowsFor(ids);
    assert.equal(logged.length, ids.length, 'one version and role per request');
    for (const group of logged) {
      const request = splitRequests.get(group.request_id)!;
      assert.equal(group.rows, request.rows, `${group.request_id} is logged once per row`);
      assert.equal(String(group.version), request.version, `${group.request_id} is logged under the version that answered`);
      assert.equal(group.role, group.version === 2 ? 'canary' : 'stable');
    }
  });

  test('the canary takes about its weight of requests, by a keyed hash the caller cannot compute', async () => {
    await setRoute(WEATHER, { stable: stable.id, canary: canary.id, weight: 30 });
    await waitForVersion(idInBucket(29, 'probe-30'), 2);
    const ids = Array.from({ length: 400 }, (_, i) => `share-${i}`);
    const one = weatherRows.slice(0, 1);
    const canaryIds = async (url: string) => {
      const chosen = new Set<string>();
      await runConcurrently(ids.length, 16, async (i) => {
        const response = await fetch(`${url}/v2/models/${WEATHER}/infer`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(weatherRequest(one, ids[i])),
        });
        const body = (await response.json()) as { model_version: string };
        assert.equal(response.status, 200, JSON.stringify(body));
        if (body.model_version === '2') chosen.add(ids[i]);
      });
      return chosen;
    };
    const configured = await canaryIds(base);
    // 400 draws at 30%: the standard deviation is 2.3 percentage points.
    assert.ok(Math.abs(configured.size / ids.length - 0.3) < 0.08, `canary share ${configured.size / ids.length}`);
    assert.deepEqual([...configured].sort(), ids.filter((id) => SPLIT.bucket(id) < 30).sort(), 'the configured key decides, not the id');

    // Another process with a key of its own draws afresh: the same ids do not carry their side with them.
    const other = createServingServer({
      config: { ...harness.config, canaryKey: undefined },
      dataSource: harness.dataSource,
      store: artifactStoreFor(harness.config),
      environment: 'STAGING',
      logger,
    });
    try {
      const otherIds = await canaryIds(`http://127.0.0.1:${await other.listen(0)}`);
      assert.ok(Math.abs(otherIds.size / ids.length - 0.3) < 0.08, `canary share under a random key ${otherIds.size / ids.length}`);
      const shared = [...otherIds].filter((id) => configured.has(id)).length / configured.size;
      // Independent draws share about 30% of canary ids; ids that chose their bucket would share all of them.
      assert.ok(shared < 0.55, `${Math.round(shared * 100)}% of canary ids went to the canary under both keys`);
    } finally {
      await other.close();
    }
    await setRoute(WEATHER, { stable: stable.id });
  });

  test('ground truth for the same request id sent to two models is kept apart', async () => {
    const penguinRequest = {
      id: 'shared-id',
      inputs: [
        ...PENGUIN_NUMERIC.map((name) => ({ name, datatype: 'FP64', shape: [1], data: [penguinRows[0][name]] })),
        ...PENGUIN_CATEGORICAL.map((name) => ({ name, datatype: 'BYTES', shape: [1], data: [penguinRows[0][name]] })),
      ],
    };
    assert.equal((await post(`/v2/models/${PENGUINS}/infer`, penguinRequest)).status, 200);
    assert.equal((await post(`/v2/models/${WEATHER}/infer`, weatherRequest(weatherRows.slice(0, 1), 'shared-id'))).status, 200);
    const label = (modelName: string, value: string) => harness.gql(RECORD, { input: { modelName, requestId: 'shared-id', label: value } }, TOKENS.engineer);
    await eventually(async () => assert.equal((await label(PENGUINS, 'Adelie')).errors, undefined));
    await eventually(async () => assert.equal((await label(WEATHER, 'rain')).errors, undefined));
    const stored = await harness.dataSource.query(`SELECT model_name, label FROM ground_truth WHERE request_id = 'shared-id' ORDER BY model_name`);
    assert.deepEqual(stored, [
      { model_name: PENGUINS, label: 'Adelie' },
      { model_name: WEATHER, label: 'rain' },
    ]);
    const truthOf = async (modelName: string) => {
      const listed = await harness.gql(`query P($m: String!) { predictions(modelName: $m, first: 500) { requestId groundTruth { modelName label } } }`, { m: modelName }, TOKENS.viewer);
      return listed.data!.predictions.filter((p: { requestId: string }) => p.requestId === 'shared-id').map((p: { groundTruth: unknown }) => p.groundTruth);
    };
    assert.deepEqual(await truthOf(PENGUINS), [{ modelName: PENGUINS, label: 'Adelie' }]);
    assert.deepEqual(await truthOf(WEATHER), [{ modelName: WEATHER, label: 'rain' }]);
  });

  test('shadow mode: the candidate scores a copy, its answers are logged, never returned', async () => {
    await setRoute(WEATHER, { stable: stable.id, shadow: canary.id });
    // The change is heard once a probe request gets a shadow row of its own.
    let probes = 0;
    await eventually(async () => {
      const probe = `probe-shadow-${probes++}`;
      await post(`/v2/models/${WEATHER}/infer`, weatherRequest(weatherRows.slice(0, 1), probe));
      await eventually(async () => assert.ok((await logRowsFor([probe])).some((group) => group.role === 'shadow')), 1_000);
    });
    const ids = Array.from({ length: 20 }, (_, i) => `shadow-${i}`);
    const rows = weatherRows.slice(500, 502);
    const fromStable = await scoreDirectly(stable, WEATHER_FEATURES, [], rows);
    for (const id of ids) {
      const { status, body } = await post(`/v2/models/${WEATHER}/infer`, weatherRequest(rows, id));
      assert.equal(status, 200);
      assert.equal(body.model_version, '1', 'responses come from stable');
      assert.deepEqual(body.outputs[1].data, fromStable.probabilities);
    }
    await eventually(async () => {
      const logged = await logRowsFor(ids);
      assert.deepEqual(
        logged,
        ids.sort().flatMap((id) => [
          { request_id: id, role: 'shadow', version: 2, rows: 2 },
          { request_id: id, role: 'stable', version: 1, rows: 2 },
        ]),
      );
    });
    const [shadowRow] = await harness.dataSource.query(`SELECT output, features FROM prediction_log WHERE request_id = 'shadow-0' AND role = 'shadow' AND row_index = 0`);
    const expected = await scoreDirectly(canary, CANARY_FEATURES, [], rows);
    assert.equal(shadowRow.output.label, expected.label[0]);
    assert.deepEqual(Object.keys(shadowRow.features).sort(), [...CANARY_FEATURES].sort(), "the shadow's own features are logged");
    await setRoute(WEATHER, { stable: stable.id });
  });

  test('throughput, printed for the record', async (t) => {
    const count = 1000;
    const one = weatherRequest(weatherRows.slice(0, 1));
    let started = performance.now();
    await runConcurrently(count, 32, async () => {
      assert.equal((await post(`/v2/models/${WEATHER}/infer`, one)).status, 200);
    });
    let seconds = (performance.now() - started) / 1000;
    t.diagnostic(`${count} single-row requests, 32 at a time: ${seconds.toFixed(2)} s, ${Math.round(count / seconds)} requests/s`);

    const batch = weatherRequest(weatherRows.slice(0, 1000));
    started = performance.now();
    for (let i = 0; i < 20; i++) assert.equal((await post(`/v2/models/${WEATHER}/infer`, batch)).status, 200);
    seconds = (performance.now() - started) / 1000;
    t.diagnostic(`20 requests of 1000 rows, one at a time: ${seconds.toFixed(2)} s, ${Math.round(20_000 / seconds)} rows/s`);
  });

  test('Prometheus metrics count requests by model, version, role and status', async () => {
    const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    assert.match(text, new RegExp(`provenant_serving_requests_total\\{model="${WEATHER}",version="1",role="stable",status="200"\\} \\d+`));
    assert.match(text, new RegExp(`provenant_serving_requests_total\\{model="${WEATHER}",version="2",role="canary",status="200"\\} \\d+`));
    assert.match(text, new RegExp(`provenant_serving_requests_total\\{model="${WEATHER}",version="2",role="shadow",status="200"\\} \\d+`));
    assert.match(text, new RegExp(`provenant_serving_requests_total\\{model="${WEATHER}",version="1?",role="(stable)?",status="400"\\} \\d+`));
    assert.match(text, /provenant_serving_requests_total\{model="\(unrouted\)",version="",role="",status="404"\} 1/);
    assert.match(text, new RegExp(`provenant_serving_latency_seconds_count\\{model="${WEATHER}",version="1",role="stable"\\} \\d+`));
    assert.match(text, /provenant_prediction_log_dropped_total 0/);
  });

  test('closing flushes the log: still exactly once per row, in the day partition', async () => {
    await server.close();
    await assert.rejects(fetch(`${base}/v2/health/live`));
    const logged = await logRowsFor([...splitRequests.keys()]);
    assert.equal(logged.length, splitRequests.size);
    assert.ok(logged.every((group) => group.rows === splitRequests.get(group.request_id)!.rows));

    const partitions = await harness.dataSource.query(`SELECT tableoid::regclass::text AS partition, count(*)::int AS rows FROM prediction_log GROUP BY 1`);
    assert.deepEqual(
      partitions.map((p: { partition: string }) => p.partition),
      [dayPartitions(new Date())[0].name],
    );
    const [{ created }] = await harness.dataSource.query(`SELECT count(*)::int AS created FROM pg_class WHERE relname = ANY($1)`, [
      dayPartitions(new Date()).map((partition) => partition.name),
    ]);
    assert.equal(created, 3);
  });
});

async function runConcurrently(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}
