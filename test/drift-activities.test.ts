import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import * as ort from 'onnxruntime-node';
import { createActivities, type ActivityDependencies } from '../activities';
import { createColumnDriftActivity } from '../activities/drift/column-drift.activity';
import { createConceptDriftActivity } from '../activities/drift/concept-drift.activity';
import { MINIMUM_SAMPLE_SIZE, type ColumnDrift, type ColumnDriftResult, type DriftScanInput, type DriftScanPlan } from '../domain/drift';
import { taskQueuesFor } from '../domain/task-queues';
import { runDdm } from '../ml/concept-drift/ddm';
import { detectorOutcome } from '../ml/concept-drift/detector-outcome';
import { emptyErrorStreamDetectors, observeError } from '../ml/concept-drift/error-stream-detectors';
import { columnDrift } from '../ml/drift/column-drift';
import { datasetDrift } from '../ml/drift/dataset-drift';
import { seededRandom } from '../ml/random/seeded-random';
import { logger } from '../platform/logger';
import { createServingServer, type ServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { SAMPLE_DATA, SERVING_TOKEN, TOKENS, startHarness, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RECORD = `mutation G($input: RecordGroundTruthInput!) { recordGroundTruth(input: $input) { requestId } }`;

const MODEL = 'weather-drift';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;
/** Requests of this many rows carry the whole file through serving, in date order. */
const ROWS_PER_REQUEST = 10;
/** From this row on, the recorded ground truth contradicts every prediction. */
const FLIPPED_FROM = 1000;

interface WeatherRow {
  date: string;
  values: Record<(typeof FEATURES)[number], number>;
  weather: string;
  line: string;
}

/** The ColumnDrift part of a result: what the statistics engine alone decides. */
/** The test's verdict alone; every sample these tests compare is at least the minimum, so each column must be TESTED. */
function statistics(result: ColumnDriftResult): ColumnDrift {
  const { kind: _kind, histogram: _histogram, quality: _quality, status, minimumSampleSize, ...drift } = result;
  assert.deepEqual([status, minimumSampleSize], ['TESTED', MINIMUM_SAMPLE_SIZE], result.column);
  return drift;
}

describe('drift scan activities: planning and computing on real data', () => {
  let harness: Harness;
  let deps: ActivityDependencies;
  let activities: ReturnType<typeof createActivities>;
  let server: ServingServer | undefined;
  let header: string;
  let rows: WeatherRow[];
  let version: { id: string; version: number; artifactUri: string; classLabels: string[] };
  const datasets: Record<'full' | 'year2012' | 'summer2015' | 'halfA' | 'halfB' | 'noWind', string> = {
    full: '',
    year2012: '',
    summer2015: '',
    halfA: '',
    halfB: '',
    noWind: '',
  };
  /** Predicted labels of every row, as serving answered them. */
  const served: string[] = [];

  /** A real activity context without a server: heartbeats land on the environment. */
  const environment = () => new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  const runIn = <P extends unknown[], R>(env: MockActivityEnvironment, fn: (...args: P) => Promise<R>, ...args: P): Promise<R> => env.run(fn, ...args);
  const run = <P extends unknown[], R>(fn: (...args: P) => Promise<R>, ...args: P): Promise<R> => runIn(environment(), fn, ...args);

  const scanInput = (change: Partial<DriftScanInput> = {}): DriftScanInput => ({
    modelName: MODEL,
    environment: null,
    windowMs: 3_600_000,
    referenceDatasetVersionId: null,
    currentDatasetVersionId: null,
    triggeredBy: 'engineer-user',
    scheduleId: null,
    taskQueues: taskQueuesFor(harness.config.taskQueuePrefix),
    ...change,
  });
  const plan = (change: Partial<DriftScanInput>, windowEnd = new Date().toISOString()) =>
    run(activities.pipelines.planDriftScan, scanInput(change), `drift-scan:${MODEL}:${randomUUID()}`, windowEnd);

  const invalidInputOf = async (work: Promise<unknown>): Promise<{ field: string; message: string }> => {
    const error = await work.then(
      () => assert.fail('expected the activity to fail'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
    assert.equal(error.type, 'InvalidInput');
    assert.equal(error.nonRetryable, true);
    return { field: (error.details as { field: string }[])[0].field, message: error.message };
  };

  const column = (values: WeatherRow[], name: (typeof FEATURES)[number]) => Float64Array.from(values, (row) => row.values[name]);
  const byName = (results: ColumnDriftResult[], name: string) => results.find((result) => result.column === name)!;

  before(async () => {
    harness = await startHarness();
    deps = { dataSource: harness.dataSource, store: artifactStoreFor(harness.config), logger, config: harness.config };
    activities = createActivities(deps);
    const lines = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n');
    header = lines[0];
    rows = lines.slice(1).map((line) => {
      const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
      return { date, values: { precipitation: Number(precipitation), temp_max: Number(tempMax), temp_min: Number(tempMin), wind: Number(wind) }, weather, line };
    });
    const random = seededRandom(2024);
    const inHalfA = rows.map(() => random() < 0.5);
    const subsets: [keyof typeof datasets, WeatherRow[], string?][] = [
      ['year2012', rows.filter((row) => row.date.startsWith('2012-'))],
      ['summer2015', rows.filter((row) => row.date >= '2015-06-01' && row.date < '2015-09-01')],
      ['halfA', rows.filter((_, i) => inHalfA[i])],
      ['halfB', rows.filter((_, i) => !inHalfA[i])],
    ];
    const directory = path.join(harness.config.dataDir, 'drift-samples');
    await mkdir(directory, { recursive: true });
    const register = async (name: string, uri: string) => {
      const { data, errors } = await harness.gql(REGISTER, { input: { name, uri } });
      assert.equal(errors, undefined, JSON.stringify(errors));
      return data!.registerDataset.id as string;
    };
    datasets.full = await register('seattle-weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    for (const [key, subset] of subsets) {
      const file = path.join(directory, `${key}.csv`);
      await writeFile(file, [header, ...subset.map((row) => row.line)].join('\n') + '\n');
      datasets[key] = await register(`weather-${key}`, file);
    }
    const noWindFile = path.join(directory, 'no-wind.csv');
    await writeFile(noWindFile, ['date,precipitation,temp_max,temp_min,weather', ...rows.slice(0, 50).map((row) => `${row.date},${row.values.precipitation},${row.values.temp_max},${row.values.temp_min},${row.weather}`)].join('\n') + '\n');
    datasets.noWind = await register('weather-no-wind', noWindFile);

    const started = await harness.gql(START, {
      input: { modelName: MODEL, datasetVersionId: datasets.full, target: 'weather', task: 'CLASSIFICATION', features: FEATURES },
    });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const pipeline = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(pipeline.status, 'SUCCEEDED', JSON.stringify(pipeline));
    version = pipeline.modelVersion;
  });

  after(async () => {
    await server?.close();
    await harness?.close();
  });

  test('plans a dataset-version scan: the newest version, its features with their kinds, both samples', async () => {
    const scan = await plan({ referenceDatasetVersionId: datasets.year2012, currentDatasetVersionId: datasets.summer2015 });
    const [{ id: modelId }] = await harness.dataSource.query(`SELECT id FROM model WHERE name = $1`, [MODEL]);
    assert.deepEqual({ ...scan, scanId: undefined }, {
      scanId: undefined,
      modelName: MODEL,
      modelId,
      task: 'CLASSIFICATION',
      target: 'weather',
      modelVersionId: version.id,
      modelVersion: 1,
      artifactUri: version.artifactUri,
      classLabels: version.classLabels,
      deploymentId: null,
      reference: { datasetVersionId: datasets.year2012, rows: 366 },
      current: { kind: 'dataset_version', datasetVersionId: datasets.summer2015, rows: 92 },
      columns: FEATURES.map((name) => ({ name, kind: 'numeric', kindChosenBy: 'SCHEMA' })),
      minimumSampleSize: MINIMUM_SAMPLE_SIZE,
    });
    const byDefault = await plan({ currentDatasetVersionId: datasets.summer2015 });
    assert.deepEqual(byDefault.reference, { datasetVersionId: datasets.full, rows: 1461 }, 'the reference defaults to the training data');
  });

  test('planning refuses what a user can fix, naming the field', async () => {
    const refusals: [Partial<DriftScanInput>, string, RegExp][] = [
      [{ modelName: 'no-such-model', currentDatasetVersionId: datasets.summer2015 }, 'modelName', /model no-such-model not found/],
      [{}, 'environment', /is required unless currentDatasetVersionId is given/],
      [{ currentDatasetVersionId: randomUUID() }, 'currentDatasetVersionId', /not found/],
      [{ currentDatasetVersionId: datasets.summer2015, referenceDatasetVersionId: 'not-an-id' }, 'referenceDatasetVersionId', /dataset version not-an-id not found/],
      [{ currentDatasetVersionId: datasets.noWind }, 'currentDatasetVersionId', /has no column "wind", a feature of model version 1/],
      [{ environment: 'STAGING', windowMs: 0 }, 'windowMs', /positive number of milliseconds/],
      [{ environment: 'STAGING' }, 'window', new RegExp(`no predictions of ${MODEL} were logged in STAGING between .* and `)],
    ];
    for (const [change, field, message] of refusals) {
      const failure = await invalidInputOf(plan(change));
      assert.equal(failure.field, field, failure.message);
      assert.match(failure.message, message);
      assert.ok(failure.message.startsWith(`${field}: `));
    }
  });

  test('Seattle’s highs of summer 2015 drift from 2012’s; the histograms and quality describe both samples', async () => {
    const scan = await plan({ referenceDatasetVersionId: datasets.year2012, currentDatasetVersionId: datasets.summer2015 });
    const results = await run(activities.monitoring.computeColumnDrift, scan, [...FEATURES]);
    assert.deepEqual(results.map((result) => result.column), FEATURES);
    const reference = rows.filter((row) => row.date.startsWith('2012-'));
    const current = rows.filter((row) => row.date >= '2015-06-01' && row.date < '2015-09-01');
    for (const name of FEATURES) {
      const expected = columnDrift({ name, kind: 'numeric', reference: column(reference, name), current: column(current, name) });
      assert.deepEqual(statistics(byName(results, name)), expected, name);
    }
    const tempMax = byName(results, 'temp_max');
    assert.deepEqual([tempMax.test, tempMax.drifted, tempMax.binned, tempMax.referenceSize, tempMax.currentSize], ['ks', true, false, 366, 92]);
    assert.ok(tempMax.pValue! < 1e-10, `p = ${tempMax.pValue}`);
    assert.equal(tempMax.histogram.kind, 'numeric');
    if (tempMax.histogram.kind === 'numeric') {
      const highs = column(reference, 'temp_max');
      assert.deepEqual([tempMax.histogram.edges.length, tempMax.histogram.edges[0], tempMax.histogram.edges[20]], [21, Math.min(...highs), Math.max(...highs)]);
      assert.equal(tempMax.histogram.reference.reduce((sum, n) => sum + n, 0), 366);
      assert.equal(tempMax.histogram.current.reduce((sum, n) => sum + n, 0), 92);
      const upperHalf = (counts: number[]) => counts.slice(10).reduce((sum, n) => sum + n, 0) / counts.reduce((sum, n) => sum + n, 0);
      assert.ok(upperHalf(tempMax.histogram.current) > 0.9 && upperHalf(tempMax.histogram.reference) < 0.5, 'summer highs sit in the upper bins');
    }
    assert.deepEqual(tempMax.quality, { column: 'temp_max', referenceNullShare: 0, currentNullShare: 0, noCurrentValues: false, unseenCategories: [], unseenShare: 0, drifted: false });
  });

  test('a random half/half split of all rows shows no drift', async () => {
    const scan = await plan({ referenceDatasetVersionId: datasets.halfA, currentDatasetVersionId: datasets.halfB });
    const results = await run(activities.monitoring.computeColumnDrift, scan, [...FEATURES]);
    assert.deepEqual(
      results.map((result) => [result.column, result.test, result.drifted]),
      FEATURES.map((name) => [name, 'ks', false]),
    );
    assert.equal(datasetDrift(results).datasetDrift, false);
  });

  test('the streaming path gives the same results: Kolmogorov–Smirnov from counts at the reference values, Wasserstein from counts per value', async () => {
    const streaming = createColumnDriftActivity(deps, { exactValuesMax: 10, fetchRows: 100 });
    const smallReference = await plan({ referenceDatasetVersionId: datasets.year2012, currentDatasetVersionId: datasets.summer2015 });
    assert.deepEqual(
      await run(streaming.computeColumnDrift, smallReference, [...FEATURES]),
      await run(activities.monitoring.computeColumnDrift, smallReference, [...FEATURES]),
    );

    const training = await plan({ currentDatasetVersionId: datasets.summer2015 });
    const exact = await run(activities.monitoring.computeColumnDrift, training, [...FEATURES]);
    assert.deepEqual(await run(streaming.computeColumnDrift, training, [...FEATURES]), exact);
    assert.deepEqual(
      FEATURES.map((name) => [byName(exact, name).test, byName(exact, name).binned]),
      FEATURES.map(() => ['wasserstein', false]),
    );
    assert.equal(byName(exact, 'temp_max').drifted, true);
  });

  test('prediction drift: the version’s labels for 2012 and for summer 2015, as onnxruntime gives them', async () => {
    const scan = await plan({ referenceDatasetVersionId: datasets.year2012, currentDatasetVersionId: datasets.summer2015 });
    const result = await run(activities.monitoring.computePredictionDrift, scan);
    assert.ok(result);
    const session = await ort.InferenceSession.create(await deps.store.read(version.artifactUri));
    const labels = async (subset: WeatherRow[]) => {
      const numeric = Float32Array.from(subset.flatMap((row) => FEATURES.map((name) => row.values[name])));
      const outputs = await session.run({ numeric_features: new ort.Tensor('float32', numeric, [subset.length, FEATURES.length]) });
      return Array.from(outputs.label.data as string[]);
    };
    const expected = columnDrift({
      name: 'prediction',
      kind: 'categorical',
      reference: await labels(rows.filter((row) => row.date.startsWith('2012-'))),
      current: await labels(rows.filter((row) => row.date >= '2015-06-01' && row.date < '2015-09-01')),
    });
    await session.release();
    assert.deepEqual(statistics(result), expected);
    assert.deepEqual([result.kind, result.referenceSize, result.currentSize, result.histogram.kind], ['categorical', 366, 92, 'categorical']);
  });

  /** The activities over a store that counts how often each stored blob is read or opened. */
  const countingReads = () => {
    const reads = new Map<string, number>();
    const count = (uri: string) => reads.set(uri, (reads.get(uri) ?? 0) + 1);
    const store = {
      put: deps.store.put.bind(deps.store),
      putFile: deps.store.putFile.bind(deps.store),
      read: (uri: string) => (count(uri), deps.store.read(uri)),
      openRead: (uri: string) => (count(uri), deps.store.openRead(uri)),
    };
    return { reads, monitoring: createActivities({ ...deps, store }).monitoring };
  };

  test('one scan activity reads and scores each sample once and finds exactly what the column groups and the output drift find', async () => {
    for (const sides of [
      { referenceDatasetVersionId: datasets.year2012, currentDatasetVersionId: datasets.summer2015 },
      { currentDatasetVersionId: datasets.summer2015 },
      { referenceDatasetVersionId: datasets.halfA, currentDatasetVersionId: datasets.halfB },
    ]) {
      const scan = await plan(sides);
      const { reads, monitoring } = countingReads();
      const drift = await run(monitoring.computeScanDrift, scan);
      assert.deepEqual(drift, {
        columns: [
          ...(await run(activities.monitoring.computeColumnDrift, scan, [...FEATURES.slice(0, 2)])),
          ...(await run(activities.monitoring.computeColumnDrift, scan, [...FEATURES.slice(2)])),
        ],
        predictionDrift: await run(activities.monitoring.computePredictionDrift, scan),
      });
      assert.deepEqual(
        [...reads.values()],
        [1, 1, 1],
        `each of the reference, the current sample and the model is read once: ${JSON.stringify([...reads])}`,
      );
      assert.equal(reads.size, 3);
    }
  });

  describe('over the prediction log', () => {
    let windowEnd: string;

    before(async () => {
      await harness.dataSource.query(
        `INSERT INTO traffic_route (model_name, environment, stable_version_id, updated_by) VALUES ($1, 'STAGING', $2, 'drift-test')`,
        [MODEL, version.id],
      );
      server = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: deps.store, environment: 'STAGING', logger });
      const base = `http://127.0.0.1:${await server.listen(0)}`;
      for (let start = 0; start < rows.length; start += ROWS_PER_REQUEST) {
        const batch = rows.slice(start, start + ROWS_PER_REQUEST);
        const response = await fetch(`${base}/v2/models/${MODEL}/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVING_TOKEN}` },
          body: JSON.stringify({
            id: `day-${String(start).padStart(4, '0')}`,
            inputs: FEATURES.map((name) => ({ name, datatype: 'FP64', shape: [batch.length], data: batch.map((row) => row.values[name]) })),
          }),
        });
        const body = (await response.json()) as { outputs: { data: string[] }[] };
        assert.equal(response.status, 200, JSON.stringify(body));
        served.push(...body.outputs[0].data);
      }
      await server.close();
      server = undefined;
      const [{ logged }] = await harness.dataSource.query(`SELECT count(*)::int AS logged FROM prediction_log WHERE model_name = $1`, [MODEL]);
      assert.equal(logged, rows.length);
      windowEnd = new Date(Date.now() + 1000).toISOString();
    });

    test('the plan takes the routed stable version and the deployment that put it into traffic', async () => {
      const insert = (environment: string, kind: string, status: string, createdAt: string) =>
        harness.dataSource
          .query(
            `INSERT INTO deployment (model_version_id, environment, status, traffic_weight, triggered_by, model_name, kind, workflow_id, created_at)
             VALUES ($1, $2, $3, 0, 'drift-test', $4, $5, $6, $7) RETURNING id`,
            [version.id, environment, status, MODEL, kind, `deployment:${randomUUID()}`, createdAt],
          )
          .then(([row]: { id: string }[]) => row.id);
      const promoted = await insert('STAGING', 'CANARY', 'PROMOTED', '2025-01-01T00:00:00Z');
      await insert('STAGING', 'CANARY', 'ROLLED_BACK', '2025-02-01T00:00:00Z');
      await insert('STAGING', 'PROMOTE', 'RUNNING', '2025-03-01T00:00:00Z');
      await insert('PRODUCTION', 'PROMOTE', 'PROMOTED', '2025-04-01T00:00:00Z');
      const scan = await plan({ environment: 'STAGING' }, windowEnd);
      assert.equal(scan.modelVersionId, version.id);
      assert.equal(scan.deploymentId, promoted);
      assert.deepEqual(scan.current, {
        kind: 'prediction_log',
        environment: 'STAGING',
        from: new Date(Date.parse(windowEnd) - 3_600_000).toISOString(),
        to: windowEnd,
        rows: rows.length,
      });
      assert.deepEqual(scan.reference, { datasetVersionId: datasets.full, rows: 1461 });
    });

    test('logged features and outputs give exactly what the same rows give as a dataset version', async () => {
      const fromLog = await plan({ environment: 'STAGING' }, windowEnd);
      const fromDataset = await plan({ currentDatasetVersionId: datasets.full });
      const logged = await run(activities.monitoring.computeColumnDrift, fromLog, [...FEATURES]);
      assert.deepEqual(logged, await run(activities.monitoring.computeColumnDrift, fromDataset, [...FEATURES]));
      assert.ok(logged.every((result) => result.statistic === 0 && !result.drifted && result.currentSize === 1461));
      const predictions = await run(activities.monitoring.computePredictionDrift, fromLog);
      assert.deepEqual(predictions, await run(activities.monitoring.computePredictionDrift, fromDataset));
      assert.deepEqual([predictions?.column, predictions?.statistic, predictions?.drifted], ['prediction', 0, false]);
    });

    test('one scan activity over the window: the same columns and output drift as the column groups and computePredictionDrift', async () => {
      const scan = await plan({ environment: 'STAGING' }, windowEnd);
      const { reads, monitoring } = countingReads();
      assert.deepEqual(await run(monitoring.computeScanDrift, scan), {
        columns: await run(activities.monitoring.computeColumnDrift, scan, [...FEATURES]),
        predictionDrift: await run(activities.monitoring.computePredictionDrift, scan),
      });
      assert.deepEqual([reads.size, ...reads.values()], [2, 1, 1], 'the reference and the model, once each');
    });

    test('streamed through a cursor in chunks, heartbeating per chunk, with the bounded-memory statistics', async () => {
      const scan = await plan({ environment: 'STAGING' }, windowEnd);
      const streaming = createColumnDriftActivity(deps, { exactValuesMax: 100, fetchRows: 200 });
      const env = environment();
      const beats: unknown[] = [];
      env.on('heartbeat', (details) => beats.push(details));
      const results = await runIn(env, streaming.computeColumnDrift, scan, [...FEATURES]);
      assert.deepEqual(
        beats.filter((details) => details !== undefined),
        [200, 400, 600, 800, 1000, 1200, 1400, 1461].map((rowsRead) => ({ rowsRead })),
      );
      for (const result of results) {
        assert.deepEqual([result.test, result.binned, result.drifted, result.statistic, result.currentSize], ['wasserstein', false, false, 0, 1461], result.column);
      }
    });

    test('concept drift: DDM signals drift after the ground truth turns against the model, and the windows show it', async () => {
      const truth = rows.map((row, i) => (i < FLIPPED_FROM ? row.weather : served[i] === 'sun' ? 'rain' : 'sun'));
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < rows.length) {
            const i = next++;
            const requestId = `day-${String(i - (i % ROWS_PER_REQUEST)).padStart(4, '0')}`;
            const { errors } = await harness.gql(RECORD, { input: { modelName: MODEL, requestId, rowIndex: i % ROWS_PER_REQUEST, label: truth[i] } }, TOKENS.engineer);
            assert.equal(errors, undefined, JSON.stringify(errors));
          }
        }),
      );
      const scan = await plan({ environment: 'STAGING' }, windowEnd);
      const streaming = createConceptDriftActivity(deps, { exactValuesMax: 100, fetchRows: 128 });
      const result = await run(streaming.computeConceptDrift, scan);
      assert.deepEqual(await run(activities.monitoring.computeConceptDrift, scan), result, 'chunking changes nothing');

      const loggedAt: string[] = (
        await harness.dataSource.query(`SELECT logged_at FROM prediction_log WHERE model_name = $1 AND environment = 'STAGING' ORDER BY logged_at, request_id, row_index`, [MODEL])
      ).map((row: { logged_at: Date }) => row.logged_at.toISOString());
      const errors = served.map((label, i) => label !== truth[i]);
      const ddm = runDdm(errors);
      const at = (steps: number[]) => steps.map((step) => loggedAt[step]);
      const detectors = emptyErrorStreamDetectors<string>();
      errors.forEach((error, step) => observeError(detectors, error, loggedAt[step]));
      assert.deepEqual(result?.ddm, detectorOutcome(detectors.ddm, detectors.ddmConfirmation));
      assert.deepEqual(result?.eddm, detectorOutcome(detectors.eddm, detectors.eddmConfirmation));
      assert.deepEqual([result?.ddm?.level, result?.ddm?.warnings, result?.ddm?.drifts], [ddm.levels.at(-1), at(ddm.warnings), at(ddm.drifts)]);
      assert.ok(ddm.drifts.some((step) => step >= FLIPPED_FROM && step < FLIPPED_FROM + 100), `DDM drifts at ${ddm.drifts}`);
      // The flipped ground truth keeps the errors up after the signal: the window after it confirms the drift.
      const afterFlip = result!.ddm!.confirmations!.find((confirmation) => confirmation.at >= loggedAt[FLIPPED_FROM]);
      assert.equal(afterFlip?.status, 'CONFIRMED', JSON.stringify(result?.ddm?.confirmations));
      assert.deepEqual([result?.pageHinkley, result?.confirmationWindow], [null, { rows: 200, significance: 0.001 }]);

      const starts = Array.from({ length: 11 }, (_, k) => Math.floor((k * rows.length) / 10));
      const rate = (from: number, to: number) => errors.slice(from, to).filter(Boolean).length / (to - from);
      assert.deepEqual(result?.windows, starts.slice(0, 10).map((start, k) => ({ from: loggedAt[start], to: loggedAt[starts[k + 1] - 1], rows: starts[k + 1] - start, value: rate(start, starts[k + 1]) })));
      assert.deepEqual([result?.labelledRows, result?.metric], [rows.length, 'error_rate']);
      const values = result!.windows.map((window) => window.value);
      assert.ok(values.slice(0, 6).every((value) => value < 0.5) && values.slice(7).every((value) => value === 1), `error rates ${values}`);

      const beforeAnyPrediction = { ...scan, current: { ...scan.current, to: '2000-01-01T00:00:00.000Z' } } as DriftScanPlan;
      assert.deepEqual(await run(activities.monitoring.computeConceptDrift, beforeAnyPrediction), {
        labelledRows: 0,
        metric: 'error_rate',
        windows: [],
        ddm: { level: 'NONE', warnings: [], drifts: [], confirmations: [] },
        eddm: { level: 'NONE', warnings: [], drifts: [], confirmations: [] },
        pageHinkley: null,
        confirmationWindow: { rows: 200, significance: 0.001 },
      });
      assert.equal(await run(activities.monitoring.computeConceptDrift, await plan({ currentDatasetVersionId: datasets.summer2015 })), null);
    });

    test('regression: mean absolute error per window; rows without a numeric prediction or label are left out', async () => {
      const model = `${MODEL}-regression`;
      const start = Date.parse('2025-05-01T00:00:00Z');
      const predictions = Array.from({ length: 25 }, (_, i) => ({ prediction: i, truth: i + (i < 15 ? 1 : 4) }));
      for (const [i, { prediction, truth }] of predictions.entries()) await logLabelled(model, `reg-${i}`, start + i * 1000, { prediction }, truth);
      await logLabelled(model, 'reg-text-label', start + 100_000, { prediction: 3 }, 'three');
      await logLabelled(model, 'reg-no-prediction', start + 101_000, { prediction: null }, 3);
      const scan = { ...(await plan({ environment: 'STAGING' }, windowEnd)), modelName: model, task: 'REGRESSION' } as DriftScanPlan;
      const result = await run(activities.monitoring.computeConceptDrift, scan);
      const time = (i: number) => new Date(start + i * 1000).toISOString();
      assert.deepEqual(result, {
        labelledRows: 25,
        metric: 'mean_absolute_error',
        windows: Array.from({ length: 10 }, (_, k) => {
          const [from, to] = [Math.floor((k * 25) / 10), Math.floor(((k + 1) * 25) / 10)];
          const errors = predictions.slice(from, to).map((p) => Math.abs(p.truth - p.prediction));
          return { from: time(from), to: time(to - 1), rows: to - from, value: errors.reduce((sum, e) => sum + e, 0) / errors.length };
        }),
        ddm: null,
        eddm: null,
        // 25 errors are too few for Page–Hinkley's warm-up of 100: in control, nothing to confirm.
        pageHinkley: { level: 'NONE', warnings: [], drifts: [], confirmations: [] },
        confirmationWindow: { rows: 200, significance: 0.001 },
      });
    });

    test('in the log, a feature some rows lack is sampled from the rest; one never given a value is a data-quality finding, not tested', async () => {
      const now = Date.now();
      const features = (wind: number | null | undefined) => ({ precipitation: 0, temp_max: 20, temp_min: 10, ...(wind === undefined ? {} : { wind }) });
      const recent = [3, 4, null, null, null, null, null, undefined, undefined, undefined];
      for (const [i, wind] of recent.entries()) await logRow('PRODUCTION', `prod-${i}`, now - 600_000, features(wind), null);
      for (let i = 0; i < 4; i += 1) await logRow('PRODUCTION', `prod-old-${i}`, now - 7_200_000, features(null), null);

      const scan = await plan({ environment: 'PRODUCTION' }, new Date(now).toISOString());
      const [wind, tempMax] = await run(activities.monitoring.computeColumnDrift, scan, ['wind', 'temp_max']);
      assert.deepEqual([wind.currentSize, wind.currentMissing, wind.quality.currentNullShare, wind.quality.drifted], [2, 5, 5 / 7, true]);
      assert.deepEqual([tempMax.currentSize, tempMax.currentMissing], [10, 0]);
      // 2 and 10 values are below the default minimum of 30: neither is tested.
      assert.deepEqual([wind.status, tempMax.status, wind.drifted, tempMax.drifted], ['NOT_ENOUGH_DATA', 'NOT_ENOUGH_DATA', false, false]);
      const lowered = await run(activities.monitoring.computeColumnDrift, { ...scan, minimumSampleSize: 10 }, ['temp_max']);
      assert.deepEqual([lowered[0].status, lowered[0].minimumSampleSize], ['TESTED', 10]);
      assert.equal(await run(activities.monitoring.computePredictionDrift, scan), null, 'no row of the window has an output');

      const older = await plan({ environment: 'PRODUCTION', windowMs: 1_800_000 }, new Date(now - 6_000_000).toISOString());
      const [, emptyWind] = await run(activities.monitoring.computeColumnDrift, older, ['temp_max', 'wind']);
      assert.deepEqual(
        [emptyWind.status, emptyWind.currentSize, emptyWind.currentMissing, emptyWind.drifted, emptyWind.quality.noCurrentValues, emptyWind.quality.drifted],
        ['NOT_ENOUGH_DATA', 0, 4, false, true, true],
      );
      const unknown = await invalidInputOf(run(activities.monitoring.computeColumnDrift, scan, ['humidity']));
      assert.deepEqual(unknown.field, 'columns');
    });

    async function logRow(environment: string, requestId: string, at: number, features: Record<string, unknown>, output: Record<string, unknown> | null, model = MODEL) {
      await harness.dataSource.query(
        `INSERT INTO prediction_log (request_id, row_index, model_name, environment, model_version_id, role, features, output, error, latency_ms, logged_at)
         VALUES ($1, 0, $2, $3, $4, 'stable', $5, $6, $7, 1, $8)`,
        [requestId, model, environment, version.id, JSON.stringify(features), output === null ? null : JSON.stringify(output), output === null ? 'scoring failed' : null, new Date(at)],
      );
    }

    async function logLabelled(model: string, requestId: string, at: number, output: Record<string, unknown>, label: unknown) {
      await logRow('STAGING', requestId, at, { x: 1 }, output, model);
      await harness.dataSource.query(`INSERT INTO ground_truth (model_name, request_id, row_index, label, recorded_by) VALUES ($1, $2, 0, $3, 'drift-test')`, [
        model,
        requestId,
        JSON.stringify(label),
      ]);
    }
  });
});
