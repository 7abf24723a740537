import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { parse } from 'yaml';
import { createPredictionDriftActivity } from '../activities/drift/prediction-drift.activity';
import type { ColumnDriftResult, DriftScanPlan } from '../domain/drift';
import { columnDrift } from '../ml/drift/column-drift';
import { logger } from '../platform/logger';
import { artifactStoreFor } from '../storage/configured-store';
import { converterIdentifier, type ModelSignature } from '../domain/model-signature';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { openScoringSession, scoreBatch } from '../ml/onnx/model-scoring';
import { stratifiedTrainTestSplit } from '../ml/split/stratified-split';
import { trainTestSplit } from '../ml/split/train-test-split';
import { createServingServer } from '../serving/create-server';
import { SAMPLE_DATA, SERVING_TOKEN, TOKENS, registerDataset, startHarness, type Harness } from './support/harness';
import { runStandardExports } from './support/python-sklearn';

const IMPORT = `mutation I($input: ImportModelVersionInput!) { importModelVersion(input: $input) { workflowId status error modelVersion { id version } } }`;
const VERSION = `query V($id: ID!) { modelVersion(id: $id) { artifactUri classLabels signature evaluationReport { metrics testRowCount importance { feature mean } } } }`;
const BATCH_SCORE = `mutation B($input: StartBatchScoringInput!) { startBatchScoring(input: $input) { id } }`;
const BATCH_JOB = `query J($id: ID!) { batchScoringJob(id: $id) { status error rowsScored outputDatasetVersion { contentSha256 } } }`;
const PROVENANCE = `query P($id: ID!) { provenance(modelVersionId: $id) { code { trainer trainerVersion mlflowRunId } } }`;

/** Provenant's defaults, which the pipelines below keep. */
const SPLIT = { testFraction: 0.2, seed: 42 };

type Row = Record<string, string | number | null>;

interface Case {
  model: string;
  dataset: string;
  task: 'CLASSIFICATION' | 'REGRESSION';
  target: string;
  features: string[];
  categorical: string[];
  /** What the graph holds, to be sure the case covers it. */
  operators: string[];
  /** The model's inputs as skl2onnx names them. */
  inputs: string[];
  /**
   * How far Provenant's metric may be from scikit-learn's: 1e-6, or for a model computing in
   * float32 while scikit-learn computes in float64, float32's relative precision (2^-23).
   */
  tolerance: (sklearnValue: number) => number;
}

const ABSOLUTE = () => 1e-6;
const FLOAT32_RELATIVE = (value: number) => value * 2 ** -23;

const IRIS = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
const WINE = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline'];
const DIABETES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];
const PENGUINS = ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'];

const CASES: Case[] = [
  { model: 'iris-logistic', dataset: 'iris', task: 'CLASSIFICATION', target: 'species', features: IRIS, categorical: [], operators: ['LinearClassifier', 'ZipMap'], inputs: ['X'], tolerance: ABSOLUTE },
  { model: 'wine-forest', dataset: 'wine', task: 'CLASSIFICATION', target: 'cultivar', features: WINE, categorical: [], operators: ['TreeEnsembleClassifier', 'ZipMap'], inputs: ['X'], tolerance: ABSOLUTE },
  {
    model: 'penguins-pipeline',
    dataset: 'penguins',
    task: 'CLASSIFICATION',
    target: 'Species',
    features: PENGUINS,
    categorical: ['Island'],
    operators: ['OneHotEncoder', 'Scaler', 'LinearClassifier', 'ZipMap'],
    inputs: ['Island', 'Beak_Length__mm_', 'Beak_Depth__mm_', 'Flipper_Length__mm_'],
    tolerance: ABSOLUTE,
  },
  { model: 'diabetes-forest', dataset: 'diabetes', task: 'REGRESSION', target: 'progression', features: DIABETES, categorical: [], operators: ['TreeEnsembleRegressor'], inputs: ['X'], tolerance: FLOAT32_RELATIVE },
  { model: 'diabetes-linear', dataset: 'diabetes', task: 'REGRESSION', target: 'progression', features: DIABETES, categorical: [], operators: ['MatMul'], inputs: ['X'], tolerance: ABSOLUTE },
];

interface SklearnResult {
  metric: 'accuracy' | 'rmse';
  value: number;
  classes?: string[];
  probabilities?: number[][];
  predictions?: number[];
}

describe('scikit-learn models exported with default converter options import as they are', () => {
  let harness: Harness;
  let outputDir: string;
  const datasetIds: Record<string, string> = {};
  const rowsOf: Record<string, Row[]> = {};
  const testRowsOf: Record<string, number[]> = {};
  const versionIdOf: Record<string, string> = {};

  before(async () => {
    harness = await startHarness({ env: { PROVENANT_SERVING_TOKENS: `${SERVING_TOKEN}:*:STAGING:gateway` } });
    outputDir = path.join(harness.config.dataDir, 'standard-exports');
    await runStandardExports(['data', outputDir]);
    for (const dataset of ['iris', 'wine', 'diabetes']) {
      const file = path.join(outputDir, `${dataset}.csv`);
      datasetIds[dataset] = await registerDataset(harness, dataset, file);
      rowsOf[dataset] = parseCsv(await readFile(file, 'utf8'));
    }
    const penguins = path.join(SAMPLE_DATA, 'penguins.jsonl');
    datasetIds.penguins = await registerDataset(harness, 'penguins', penguins);
    rowsOf.penguins = (await readFile(penguins, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));

    // The rows Provenant's evaluation holds out, so that scikit-learn trains on the others and scores exactly those.
    const splits: Record<string, { train: number[]; test: number[] }> = {};
    for (const { model, dataset, task, target } of CASES) {
      const usable = rowsOf[dataset].flatMap((row, index) => (row[target] === null ? [] : [index]));
      const split = task === 'CLASSIFICATION' ? stratifiedTrainTestSplit(usable.map((row) => String(rowsOf[dataset][row][target])), SPLIT) : trainTestSplit(usable.length, SPLIT);
      splits[model] = { train: Array.from(split.train, (i) => usable[i]), test: Array.from(split.test, (i) => usable[i]) };
      testRowsOf[model] = splits[model].test;
    }
    const splitsFile = path.join(outputDir, 'splits.json');
    await writeFile(splitsFile, JSON.stringify(splits));
    await runStandardExports(['export', outputDir, splitsFile]);
  });
  after(async () => {
    await harness?.close();
  });

  for (const testCase of CASES) {
    test(`${testCase.model}: imported in one call, Provenant's ${testCase.task === 'CLASSIFICATION' ? 'accuracy' : 'RMSE'} is scikit-learn's on the same test rows`, async () => {
      const { model, dataset, task, target, features } = testCase;
      const onnxFile = path.join(outputDir, `${model}.onnx`);
      const graph = await readFile(onnxFile);
      for (const operator of testCase.operators) assert.ok(graph.includes(Buffer.from(operator)), `${model} holds ${operator}`);

      const imported = await harness.gql(IMPORT, { input: { modelName: model, artifactUri: onnxFile, datasetVersionId: datasetIds[dataset], target, features, task } });
      assert.equal(imported.errors, undefined, JSON.stringify(imported.errors));
      const run = imported.data!.importModelVersion;
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
      versionIdOf[model] = run.modelVersion.id;
      const version = (await harness.gql(VERSION, { id: run.modelVersion.id }, TOKENS.viewer)).data!.modelVersion;
      const signature = version.signature as ModelSignature;
      assert.deepEqual(signature.inputs.map((input) => input.name), testCase.inputs);
      assert.deepEqual(signature.inputs.flatMap((input) => input.features).sort(), [...features].sort());

      const sklearn = JSON.parse(await readFile(path.join(outputDir, `${model}.sklearn.json`), 'utf8')) as SklearnResult;
      const report = version.evaluationReport;
      assert.equal(report.testRowCount, testRowsOf[model].length);
      const ours = report.metrics[sklearn.metric];
      console.log(`[${model}] ${sklearn.metric} on ${report.testRowCount} test rows: Provenant ${ours} | scikit-learn ${sklearn.value} | difference ${Math.abs(ours - sklearn.value)}`);
      const tolerance = testCase.tolerance(sklearn.value);
      assert.ok(Math.abs(ours - sklearn.value) <= tolerance, `${model}: Provenant ${ours}, scikit-learn ${sklearn.value}, allowed ${tolerance}`);
      assert.deepEqual(report.importance.map((entry: { feature: string }) => entry.feature).sort(), [...features].sort());

      // Per row, through the scoring module every scorer uses, with the stored signature.
      const spec: FeatureSpec = { numeric: features.filter((name) => !testCase.categorical.includes(name)), categorical: testCase.categorical };
      const testRows = testRowsOf[model].map((index) => rowsOf[dataset][index]);
      const columns: FeatureColumns = {
        numericColumns: spec.numeric.map((name) => Float64Array.from(testRows, (row) => (row[name] === null ? Number.NaN : Number(row[name])))),
        categoricalColumns: spec.categorical.map((name) => testRows.map((row) => (row[name] === null ? null : String(row[name])))),
      };
      const session = await openScoringSession(await readFile(fileURLToPath(version.artifactUri)), signature);
      const scores = await scoreBatch({ session, signature }, spec, columns, testRows.map((_, i) => i)).finally(() => session.release());
      if (task === 'CLASSIFICATION') {
        const classLabels = version.classLabels as string[];
        assert.deepEqual(classLabels, sklearn.classes);
        let largest = 0;
        sklearn.probabilities!.forEach((expected, row) =>
          expected.forEach((p, c) => (largest = Math.max(largest, Math.abs(scores.probabilities[row * classLabels.length + c] - p)))),
        );
        console.log(`[${model}] largest probability difference from scikit-learn's predict_proba over ${testRows.length} rows: ${largest}`);
        assert.ok(largest <= 1e-5, `${model}: probabilities differ by ${largest}`);
      } else {
        const largest = Math.max(...sklearn.predictions!.map((p, row) => Math.abs(scores.predictions[row] - p)));
        // A prediction sums many terms (50 trees' leaves), each rounding once: a few ulps each, bounded by 16.
        const allowed = Math.max(...sklearn.predictions!.map((p) => testCase.tolerance(Math.abs(p)) * 16));
        console.log(`[${model}] largest prediction difference from scikit-learn's predict over ${testRows.length} rows: ${largest}`);
        assert.ok(largest <= allowed, `${model}: predictions differ by ${largest}, allowed ${allowed}`);
      }
    });
  }

  test('batch scoring the imported per-column pipeline (ZipMap, a string input) writes the probabilities scikit-learn gives', async () => {
    assert.ok(versionIdOf['penguins-pipeline'], 'the penguins pipeline was imported');
    const started = await harness.gql(BATCH_SCORE, { input: { modelName: 'penguins-pipeline', datasetVersionId: datasetIds.penguins } });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const job = await waitForBatchJob(harness, started.data!.startBatchScoring.id);
    assert.equal(job.status, 'SUCCEEDED', JSON.stringify(job));
    const response = await fetch(`${harness.url}/artifacts/${job.outputDatasetVersion.contentSha256}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
    const scored = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(scored.length, rowsOf.penguins.length);
    const sklearn = JSON.parse(await readFile(path.join(outputDir, 'penguins-pipeline.sklearn.json'), 'utf8')) as SklearnResult;
    let largest = 0;
    testRowsOf['penguins-pipeline'].forEach((row, i) =>
      sklearn.classes!.forEach((label, c) => (largest = Math.max(largest, Math.abs(scored[row][`probability_${label}`] - sklearn.probabilities![i][c])))),
    );
    console.log(`[penguins-pipeline] batch scoring: largest probability difference from scikit-learn's over ${testRowsOf['penguins-pipeline'].length} test rows: ${largest}`);
    assert.ok(largest <= 1e-5, `probabilities differ by ${largest}`);
  });

  test('serving the imported pipeline: the metadata describes its inputs, per-feature requests get the probabilities scikit-learn gives', async () => {
    const versionId = versionIdOf['penguins-pipeline'];
    assert.ok(versionId, 'the penguins pipeline was imported');
    await harness.dataSource.query(
      `INSERT INTO traffic_route (model_name, environment, stable_version_id, canary_weight, updated_by) VALUES ('penguins-pipeline', 'STAGING', $1, 0, 'import-test')`,
      [versionId],
    );
    const server = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    try {
      const base = `http://127.0.0.1:${await server.listen(0)}/v2/models/penguins-pipeline`;
      const headers = { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json' };
      const metadata = (await (await fetch(base, { headers })).json()) as Record<string, any>;
      // The graph's own per-column inputs, as skl2onnx named them, each with the column it carries.
      assert.deepEqual(
        metadata.inputs,
        PENGUINS.map((name) => ({ name: converterIdentifier(name), datatype: name === 'Island' ? 'BYTES' : 'FP32', shape: [-1, 1], parameters: { features: [name] } })),
      );
      const rows = testRowsOf['penguins-pipeline'].map((index) => rowsOf.penguins[index]);
      const request = {
        inputs: PENGUINS.map((name) =>
          name === 'Island'
            ? { name, datatype: 'BYTES', shape: [rows.length], data: rows.map((row) => row[name]) }
            : { name, datatype: 'FP32', shape: [rows.length], data: rows.map((row) => row[name]) },
        ),
      };
      const reply = await fetch(`${base}/infer`, { method: 'POST', headers, body: JSON.stringify(request) });
      const body = (await reply.json()) as Record<string, any>;
      assert.equal(reply.status, 200, JSON.stringify(body));
      const probabilities = body.outputs.find((output: { name: string }) => output.name === 'probabilities');
      const sklearn = JSON.parse(await readFile(path.join(outputDir, 'penguins-pipeline.sklearn.json'), 'utf8')) as SklearnResult;
      assert.deepEqual(probabilities.shape, [rows.length, sklearn.classes!.length]);
      const largest = Math.max(...sklearn.probabilities!.flat().map((p, i) => Math.abs(probabilities.data[i] - p)));
      console.log(`[penguins-pipeline] serving: largest probability difference from scikit-learn's over ${rows.length} test rows: ${largest}`);
      assert.ok(largest <= 1e-5, `probabilities differ by ${largest}`);
    } finally {
      await server.close();
    }
  });

  test('prediction drift of the imported pipeline scores both samples through its signature', async () => {
    const versionId = versionIdOf['penguins-pipeline'];
    assert.ok(versionId, 'the penguins pipeline was imported');
    const version = (await harness.gql(VERSION, { id: versionId })).data!.modelVersion;
    const [{ model_id: modelId }] = await harness.dataSource.query('SELECT model_id FROM model_version WHERE id = $1', [versionId]);
    const rows = rowsOf.penguins.length;
    const plan: DriftScanPlan = {
      scanId: 'drift-scan:penguins-pipeline:imported',
      modelName: 'penguins-pipeline',
      modelId,
      task: 'CLASSIFICATION',
      target: 'Species',
      modelVersionId: versionId,
      modelVersion: 1,
      artifactUri: version.artifactUri,
      classLabels: version.classLabels,
      deploymentId: null,
      reference: { datasetVersionId: datasetIds.penguins, rows },
      current: { kind: 'dataset_version', datasetVersionId: datasetIds.penguins, rows },
      columns: PENGUINS.map((name) => ({ name, kind: name === 'Island' ? 'categorical' : 'numeric' })),
    };
    const deps = { dataSource: harness.dataSource, store: artifactStoreFor(harness.config), logger, config: harness.config };
    const { computePredictionDrift } = createPredictionDriftActivity(deps);
    const result = await new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }).run<[DriftScanPlan], ColumnDriftResult | null, typeof computePredictionDrift>(computePredictionDrift, plan);
    assert.ok(result);
    // The labels the scoring module gives for every row, as the drift activity must have used them.
    const signature = version.signature as ModelSignature;
    const spec: FeatureSpec = { numeric: PENGUINS.slice(1), categorical: ['Island'] };
    const all = rowsOf.penguins;
    const columns: FeatureColumns = {
      numericColumns: spec.numeric.map((name) => Float64Array.from(all, (row) => (row[name] === null ? Number.NaN : Number(row[name])))),
      categoricalColumns: [all.map((row) => (row.Island === null ? null : String(row.Island)))],
    };
    const session = await openScoringSession(await readFile(fileURLToPath(version.artifactUri)), signature);
    const { labels } = await scoreBatch({ session, signature }, spec, columns, all.map((_, i) => i)).finally(() => session.release());
    const { kind: _kind, histogram: _histogram, quality: _quality, status, minimumSampleSize: _minimum, ...drift } = result;
    assert.equal(status, 'TESTED');
    assert.deepEqual(drift, columnDrift({ name: 'prediction', kind: 'categorical', reference: labels, current: labels }));
    assert.deepEqual([result.kind, result.referenceSize, result.currentSize], ['categorical', rows, rows]);
    assert.deepEqual(new Set(labels), new Set(version.classLabels));
  });

  test('an MLflow model directory imports: the signature maps the columns, the run id is kept in provenance', async () => {
    await runStandardExports(['mlflow', outputDir]);
    const directory = path.join(outputDir, 'iris-mlflow');
    const mlmodel = parse(await readFile(path.join(directory, 'MLmodel'), 'utf8'));
    assert.equal(mlmodel.flavors.onnx.data, 'model.onnx');
    // The run MLflow logged it under exists in its store.
    assert.ok((await stat(path.join(outputDir, 'mlruns', '0', mlmodel.run_id))).isDirectory());
    // Declared in another order than the columns: the MLflow signature, not this list, orders the input's columns.
    const features = [...IRIS].reverse();
    const imported = await harness.gql(IMPORT, {
      input: { modelName: 'iris-mlflow', artifactUri: directory, datasetVersionId: datasetIds.iris, target: 'species', features, task: 'CLASSIFICATION' },
    });
    assert.equal(imported.errors, undefined, JSON.stringify(imported.errors));
    const run = imported.data!.importModelVersion;
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    const version = (await harness.gql(VERSION, { id: run.modelVersion.id })).data!.modelVersion;
    assert.deepEqual(version.signature.inputs, [{ name: 'X', type: 'float32', features: IRIS }]);
    const sklearn = JSON.parse(await readFile(path.join(outputDir, 'iris-logistic.sklearn.json'), 'utf8')) as SklearnResult;
    console.log(`[iris-mlflow] accuracy: Provenant ${version.evaluationReport.metrics.accuracy} | scikit-learn ${sklearn.value}`);
    assert.ok(Math.abs(version.evaluationReport.metrics.accuracy - sklearn.value) <= 1e-6);
    const provenance = (await harness.gql(PROVENANCE, { id: run.modelVersion.id })).data!.provenance;
    assert.equal(provenance.code.mlflowRunId, mlmodel.run_id);
    assert.equal(provenance.code.trainer, 'import:onnx');

    const wrongColumns = await harness.gql(IMPORT, {
      input: { modelName: 'iris-mlflow', artifactUri: directory, datasetVersionId: datasetIds.iris, target: 'species', features: IRIS.slice(1), task: 'CLASSIFICATION' },
    });
    assert.equal(wrongColumns.errors?.[0]?.extensions?.field, 'input.features', JSON.stringify(wrongColumns));
    assert.match(wrongColumns.errors![0].message, /must be the MLflow signature's input columns \["sepal length \(cm\)",/);
  });

  test('a mapping that does not fit, an ambiguous or mistyped signature is refused, naming the input or output, and writes nothing', async () => {
    const count = async () => (await harness.dataSource.query('SELECT (SELECT count(*)::int FROM model_version) AS versions, (SELECT count(*)::int FROM pipeline_run) AS runs'))[0];
    const before_ = await count();
    const onnx = (model: string) => path.join(outputDir, `${model}.onnx`);
    const wine = { modelName: 'wine-refused', artifactUri: onnx('wine-forest'), datasetVersionId: datasetIds.wine, target: 'cultivar', features: WINE, task: 'CLASSIFICATION' };
    const penguins = { modelName: 'penguins-refused', artifactUri: onnx('penguins-pipeline'), datasetVersionId: datasetIds.penguins, target: 'Species', features: PENGUINS, task: 'CLASSIFICATION' };
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ ...wine, features: WINE.slice(1) }, 'input.artifactUri', /^input\.artifactUri: input "X" has width 13, but it takes the 12 features \["malic_acid",.*\]; it must have the shape \[N, 12\]$/],
      [{ ...wine, task: 'REGRESSION' }, 'input.artifactUri', /^input\.artifactUri: it has no prediction output of a regressor: a float or double tensor \[N, 1\] or \[N\]; its outputs are "output_label" \(int64 \[\?\]\), "output_probability" \(not a tensor\)$/],
      [{ ...wine, outputMapping: { probabilities: 'scores' } }, 'input.outputMapping', /^input\.outputMapping: names the probabilities output "scores", which the model lacks \(its outputs are \["output_label","output_probability"\]\)$/],
      [{ ...wine, outputMapping: { probabilities: 'output_label' } }, 'input.outputMapping', /output "output_label" must be a float tensor \[N, C\] or a ZipMap of class probabilities; it is int64 \[\?\]/],
      [{ ...wine, inputMapping: [{ input: 'features', features: WINE }] }, 'input.inputMapping', /^input\.inputMapping: names the input "features", which the model lacks \(its inputs are \["X"\]\)$/],
      [{ ...penguins, inputMapping: [{ input: 'Island', features: ['Beak Length (mm)'] }] }, 'input.artifactUri', /input "Island" is a string tensor, but it would take "Beak Length \(mm\)", a number column \(numeric\); a string input takes categorical features/],
      [{ ...penguins, features: PENGUINS.slice(0, 3) }, 'input.artifactUri', /its input\(s\) "Flipper_Length__mm_" \(float32 \[\?, 1\]\) match no declared feature by name .* give inputMapping/],
    ];
    for (const [input, field, message] of refusals) {
      const response = await harness.gql(IMPORT, { input });
      assert.equal(response.errors?.[0]?.extensions?.field, field, JSON.stringify(response));
      assert.match(response.errors![0].message, message);
      console.log(`[refused] ${response.errors![0].message}`);
    }
    assert.deepEqual(await count(), before_);
  });
});

async function waitForBatchJob(harness: Harness, id: string, timeoutMs = 120_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await harness.gql(BATCH_JOB, { id })).data!.batchScoringJob;
    if (job.status !== 'RUNNING') return job;
    if (Date.now() > deadline) throw new Error(`batch scoring job ${id} still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The exports' CSV files: a header, then numbers or plain words, nothing quoted. */
function parseCsv(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n').map((line) => line.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] === '' ? null : Number.isNaN(Number(cells[i])) ? cells[i] : Number(cells[i])])));
}
