import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { REPO_ROOT } from '../platform/config';
import { logger } from '../platform/logger';
import { encodeTensor } from '../serving/binary-tensor-data';
import { createServingServer, PROTOCOL_EXTENSIONS, type ServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { registerDataset, SAMPLE_DATA, SERVING_TOKEN, startHarness, TOKENS, waitForPipeline, type Harness } from './support/harness';
import { eventually } from './support/eventually';
import { ensurePinnedVenv } from '../platform/python-venv';
import { ensureSklearnModels } from './support/python-sklearn';

const run = promisify(execFile);
const SUPPORT = path.join(REPO_ROOT, 'test', 'support');
const CALLS_SCRIPT = path.join(SUPPORT, 'tritonclient_calls.py');
const REQUIREMENTS = path.join(SUPPORT, 'tritonclient-requirements.txt');

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const IMPORT = `mutation I($input: ImportModelVersionInput!) { importModelVersion(input: $input) { status error modelVersion { id version artifactUri } } }`;

/** Trained here, with categorical features (BYTES tensors). */
const PENGUINS = 'penguins-oip';
const PENGUIN_NUMERIC = ['Beak Length (mm)', 'Flipper Length (mm)'];
const PENGUIN_CATEGORICAL = ['Island', 'Sex'];
/** Trained by scikit-learn, converted by skl2onnx, imported. */
const IRIS = 'iris-sklearn-oip';
/** A serving client of the iris model only. */
const IRIS_CLIENT = 'iris-only-client-token';

type Json = Record<string, any>;

interface ServedModel {
  name: string;
  version: { id: string; version: number; artifactUri: string };
  numeric: string[];
  categorical: string[];
  rows: Record<string, string | number>[];
}

describe('the Open Inference Protocol, driven by tritonclient.http from PyPI', () => {
  let harness: Harness;
  let server: ServingServer;
  let port: number;
  let python: string;
  let penguins: ServedModel;
  let iris: ServedModel;

  before(async () => {
    harness = await startHarness({
      env: { PROVENANT_SERVING_TOKENS: `${SERVING_TOKEN}:*:STAGING|PRODUCTION:serving-client,${IRIS_CLIENT}:${IRIS}:STAGING:iris-shop` },
    });
    const venv = ensurePinnedVenv({ requirements: REQUIREMENTS, parentDir: os.tmpdir(), name: 'provenant-tritonclient-venv', logPrefix: 'python-tritonclient' });
    const sklearn = ensureSklearnModels(path.join(harness.config.dataDir, 'sklearn'));

    const penguinData = await registerDataset(harness, 'penguins', path.join(SAMPLE_DATA, 'penguins.jsonl'));
    const started = await harness.gql(START, {
      input: { modelName: PENGUINS, datasetVersionId: penguinData, target: 'Species', features: [...PENGUIN_CATEGORICAL, ...PENGUIN_NUMERIC], task: 'CLASSIFICATION' },
    });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const trained = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(trained.status, 'SUCCEEDED', JSON.stringify(trained));
    const penguinRows = (await readFile(path.join(SAMPLE_DATA, 'penguins.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string | number | null>)
      .filter((row) => [...PENGUIN_NUMERIC, ...PENGUIN_CATEGORICAL].every((name) => row[name] !== null))
      .filter((_, i) => i % 50 === 7) as Record<string, string | number>[];
    penguins = { name: PENGUINS, version: trained.modelVersion, numeric: PENGUIN_NUMERIC, categorical: PENGUIN_CATEGORICAL, rows: penguinRows };

    const { irisCsv, irisOnnx } = await sklearn;
    const irisData = await registerDataset(harness, 'iris', irisCsv);
    const [header, ...lines] = (await readFile(irisCsv, 'utf8')).trim().split('\n');
    const columns = header.split(',');
    const features = columns.slice(0, -1);
    const imported = await harness.gql(IMPORT, {
      input: { modelName: IRIS, artifactUri: irisOnnx, datasetVersionId: irisData, target: columns.at(-1), features, task: 'CLASSIFICATION' },
    });
    assert.equal(imported.errors, undefined, JSON.stringify(imported.errors));
    assert.equal(imported.data!.importModelVersion.status, 'SUCCEEDED', JSON.stringify(imported.data));
    const irisRows = lines.filter((_, i) => i % 25 === 3).map((line) => Object.fromEntries(features.map((name, i) => [name, Number(line.split(',')[i])])));
    iris = { name: IRIS, version: imported.data!.importModelVersion.modelVersion, numeric: features, categorical: [], rows: irisRows };

    python = await venv;
  });

  after(async () => {
    await server?.close();
    await harness?.close();
  });

  async function setRoute(modelName: string, stableVersionId: string): Promise<void> {
    await harness.dataSource.query(
      `INSERT INTO traffic_route (model_name, environment, stable_version_id, canary_weight, updated_by) VALUES ($1, 'STAGING', $2, 0, 'oip-test')
       ON CONFLICT (model_name, environment) DO UPDATE SET stable_version_id = $2, updated_at = now()`,
      [modelName, stableVersionId],
    );
  }

  /** Runs the client script for `phase` and returns what it printed. */
  async function tritonclient(phase: 'unready' | 'full'): Promise<Json> {
    const spec = {
      url: `127.0.0.1:${port}`,
      token: SERVING_TOKEN,
      limitedToken: IRIS_CLIENT,
      phase,
      models: [penguins, iris].map((model) => ({
        name: model.name,
        version: String(model.version.version),
        inputs: [
          ...model.numeric.map((name) => ({ name, datatype: 'FP32', values: model.rows.map((row) => row[name]) })),
          ...model.categorical.map((name) => ({ name, datatype: 'BYTES', values: model.rows.map((row) => row[name]) })),
        ],
      })),
    };
    const specFile = path.join(harness.config.dataDir, `tritonclient-${phase}.json`);
    await writeFile(specFile, JSON.stringify(spec));
    const { stdout } = await run(python, [CALLS_SCRIPT, specFile], { maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as Json;
  }

  /** What onnxruntime itself answers for the model's rows, fed through its own input tensors. */
  async function scoreDirectly(model: ServedModel): Promise<{ label: string[]; probabilities: number[] }> {
    const session = await ort.InferenceSession.create(await readFile(fileURLToPath(model.version.artifactUri)));
    const { rows, numeric, categorical } = model;
    const feeds: Record<string, ort.Tensor> = {
      numeric_features: new ort.Tensor('float32', Float32Array.from(rows.flatMap((row) => numeric.map((name) => Number(row[name])))), [rows.length, numeric.length]),
    };
    if (categorical.length > 0) {
      feeds.categorical_features = new ort.Tensor('string', rows.flatMap((row) => categorical.map((name) => String(row[name]))), [rows.length, categorical.length]);
    }
    const outputs = await session.run(feeds);
    await session.release();
    return { label: Array.from(outputs.label.data as string[]), probabilities: Array.from(outputs.probabilities.data as Float32Array) };
  }

  test('a routed version whose session cannot load is not ready, and does not hold the server back', async () => {
    // The trained penguin model's artifact is unreadable while the routes name it; it is put back afterwards.
    const artifact = fileURLToPath(penguins.version.artifactUri);
    const good = await readFile(artifact);
    await writeFile(artifact, Buffer.from('not an ONNX model'));
    await setRoute(PENGUINS, penguins.version.id);
    await setRoute(IRIS, iris.version.id);
    server = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    port = await server.listen(0);
    await eventually(async () => {
      const ready = await fetch(`http://127.0.0.1:${port}/v2/health/ready`);
      assert.equal(ready.status, 200, JSON.stringify(await ready.json()));
    });

    const unready = await tritonclient('unready');
    await writeFile(artifact, good);
    assert.equal(unready.is_server_ready, true);
    assert.deepEqual(unready.is_model_ready, { [PENGUINS]: false, [IRIS]: true });
    assert.deepEqual(unready.repository_index, [
      { name: IRIS, version: '1', state: 'READY' },
      { name: PENGUINS, version: '1', state: 'UNAVAILABLE', reason: 'not loaded: its load failed and is retried on the next request' },
    ]);
  });

  test('every call, JSON and binary, on a built-in and an imported model', async (t) => {
    const calls = await tritonclient('full');
    t.diagnostic(`tritonclient results: ${JSON.stringify(calls)}`);
    const packageVersion = (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

    assert.equal(calls.is_server_live, true);
    assert.equal(calls.is_server_ready, true);
    assert.deepEqual(calls.server_metadata, { name: 'provenant', version: packageVersion, extensions: PROTOCOL_EXTENSIONS });
    assert.equal(calls.server_metadata_without_token.status, '401');

    for (const model of [penguins, iris]) {
      const got = calls.models[model.name] as Json;
      const expected = await scoreDirectly(model);
      const classCount = expected.probabilities.length / model.rows.length;
      const name = model.name;
      // The penguin model's load failed before; nothing retried it until a request came.
      assert.equal(got.ready_before_infer, model === iris, `${name} ready before its first request`);
      assert.equal(got.ready_after_infer, true, name);
      assert.equal(got.ready_version, true, name);
      assert.equal(got.ready_without_token, false, 'readiness of a model needs a token that may call it');

      const inputs = [{ name: 'numeric_features', datatype: 'FP32', shape: [-1, model.numeric.length], parameters: { features: model.numeric } }];
      if (model.categorical.length > 0) {
        inputs.push({ name: 'categorical_features', datatype: 'BYTES', shape: [-1, model.categorical.length], parameters: { features: model.categorical } });
      }
      const outputs = [
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, classCount] },
      ];
      assert.deepEqual(got.metadata, { name, versions: ['1'], platform: 'onnxruntime_onnx', inputs, outputs });
      assert.deepEqual(got.metadata_version, got.metadata);
      const configTensor = (tensor: { name: string; datatype: string; shape: number[] }) => ({
        name: tensor.name,
        data_type: tensor.datatype === 'BYTES' ? 'TYPE_STRING' : `TYPE_${tensor.datatype}`,
        dims: tensor.shape,
      });
      assert.deepEqual(got.config, {
        name,
        platform: 'onnxruntime_onnx',
        backend: 'onnxruntime',
        version_policy: { specific: { versions: [1] } },
        max_batch_size: 0,
        input: inputs.map(configTensor),
        output: outputs.map(configTensor),
      });

      const rows = model.rows.length;
      const answered = (binary: boolean, names = ['label', 'probabilities']) => ({
        model_name: name,
        model_version: '1',
        names,
        outputs: Object.fromEntries(
          names.map((output) => [
            output,
            output === 'label' ? { shape: [rows], binary, data: expected.label } : { shape: [rows, classCount], binary, data: expected.probabilities },
          ]),
        ),
      });
      const withoutId = (answer: Json) => ({ ...answer, id: undefined });
      assert.deepEqual(withoutId(got.json), { ...answered(false), id: undefined });
      assert.equal(got.json.id, `json-${name}`);
      for (const binary of ['binary', 'binary_default', 'own_tensors_binary', 'pinned_version_binary']) {
        assert.deepEqual(withoutId(got[binary]), { ...answered(true), id: undefined }, `${name} ${binary}`);
        assert.match(got[binary].id, /^[0-9a-f-]{36}$/);
      }
      assert.deepEqual(withoutId(got.selected), { ...answered(false, ['probabilities']), id: undefined }, 'only the requested output comes back');
      assert.equal(got.unknown_output.status, '400');
      assert.equal(got.unknown_output.message, `output "no_such_output" is not an output of model "${name}" version 1; its outputs are ["label","probabilities"]`);

      const totals = (stats: Json) => {
        const [stat] = stats.model_stats as Json[];
        return stat
          ? { success: stat.inference_stats.success.count, fail: stat.inference_stats.fail.count, rows: stat.inference_count, executions: stat.execution_count }
          : { success: 0, fail: 0, rows: 0, executions: 0 };
      };
      const [before_, after_] = [totals(got.stats_before), totals(got.stats_after)];
      // json, binary, binary_default, own_tensors_binary, pinned_version_binary and selected succeeded; unknown_output failed.
      assert.deepEqual(
        { success: after_.success - before_.success, fail: after_.fail - before_.fail, rows: after_.rows - before_.rows, executions: after_.executions - before_.executions },
        { success: 6, fail: 1, rows: 6 * rows, executions: 6 },
      );
      const [stat] = got.stats_after.model_stats as Json[];
      assert.equal(stat.name, name);
      assert.equal(stat.version, '1');
      assert.ok(stat.last_inference > Date.now() - 600_000 && stat.last_inference <= Date.now(), String(stat.last_inference));
      const { success, compute_input, compute_infer, compute_output } = stat.inference_stats;
      assert.ok(success.ns > 0 && compute_infer.ns > 0 && compute_infer.ns <= success.ns, JSON.stringify(stat.inference_stats));
      assert.equal(compute_input.count, success.count);
      assert.equal(compute_output.count, success.count);
      assert.deepEqual(stat.batch_stats.map((batch: Json) => batch.batch_size), [rows]);
      assert.deepEqual(got.stats_version, got.stats_after);
    }

    assert.deepEqual(calls.repository_index, [
      { name: IRIS, version: '1', state: 'READY' },
      { name: PENGUINS, version: '1', state: 'READY' },
    ]);
    assert.deepEqual(calls.repository_index_limited, [{ name: IRIS, version: '1', state: 'READY' }], 'a client sees only the models it may call');
    assert.deepEqual(
      calls.all_stats.model_stats.map((stat: Json) => stat.name),
      [IRIS, PENGUINS],
    );

    const unknown = calls.unknown_model as Json;
    assert.equal(unknown.is_model_ready, false);
    for (const call of ['metadata', 'config', 'stats', 'infer']) {
      assert.deepEqual(unknown[call], { status: '404', message: 'model "no-such-model" is not served in STAGING' }, call);
    }
    assert.equal(calls.load_model.status, '400');
    assert.match(calls.load_model.message, /traffic routes of STAGING decide which versions are loaded/);
  });

  test('server-wide endpoints show a client only the models it may call; bad binary data is a 400 naming the input', async () => {
    const call = async (urlPath: string, token: string | null, init: RequestInit = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${urlPath}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });
      return { status: response.status, body: (await response.json()) as Json, allow: response.headers.get('allow') };
    };
    assert.equal((await call('/v2', IRIS_CLIENT)).status, 200);
    assert.deepEqual((await call('/v2', TOKENS.viewer)).body, {
      error: 'role viewer may not call models; use a serving token (PROVENANT_SERVING_TOKENS), or an ops or admin token to debug',
      code: 'FORBIDDEN',
    });
    const penguinReady = await call(`/v2/models/${PENGUINS}/ready`, IRIS_CLIENT);
    assert.equal(penguinReady.status, 403);
    assert.equal(penguinReady.body.error, `serving client iris-shop may not call model "${PENGUINS}" (only "${IRIS}")`);
    assert.deepEqual((await call(`/v2/models/${IRIS}/versions/1/ready`, IRIS_CLIENT)).body, { name: IRIS, version: '1', ready: true });
    assert.deepEqual(((await call('/v2/models/stats', IRIS_CLIENT)).body.model_stats as Json[]).map((stat) => stat.name), [IRIS]);
    assert.deepEqual(
      (await call('/v2/repository/index', SERVING_TOKEN, { method: 'POST', body: JSON.stringify({ ready: true }) })).body.map((entry: Json) => entry.name),
      [IRIS, PENGUINS],
    );
    const wrongMethod = await call('/v2/repository/index', SERVING_TOKEN);
    assert.deepEqual([wrongMethod.status, wrongMethod.allow], [405, 'POST']);
    assert.equal((await call(`/v2/models/${IRIS}/versions/7/stats`, SERVING_TOKEN)).body.error, `model "${IRIS}" has no version 7`);

    // Four rows declared, three sent.
    const [first] = iris.numeric;
    const bytes = encodeTensor('FP32', [5.1, 4.9, 4.7]);
    const json = Buffer.from(JSON.stringify({ inputs: [{ name: first, datatype: 'FP32', shape: [4], parameters: { binary_data_size: bytes.length } }] }));
    const refused = await call(`/v2/models/${IRIS}/infer`, SERVING_TOKEN, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(json.length) },
      body: Buffer.concat([json, bytes]),
    });
    assert.deepEqual(refused, { status: 400, body: { error: `input "${first}": binary_data_size is 12 bytes but shape [4] of FP32 needs 16` }, allow: null });
    assert.equal((await call('/v2/health/ready', null)).status, 200);
  });
});

