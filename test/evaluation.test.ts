import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { stratifiedTrainTestSplit } from '../ml/split/stratified-split';
import { SAMPLE_DATA, TOKENS, startHarness, waitForPipeline, type Harness } from './support/harness';
import { ensureSklearnModels } from './support/python-sklearn';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const IMPORT = `mutation I($input: ImportModelVersionInput!) { importModelVersion(input: $input) { workflowId status error stages { name status } modelVersion { id version } } }`;
const REPORT = `
  query V($id: ID!) {
    modelVersion(id: $id) {
      id version artifactUri
      evaluationReport {
        id testRowCount metrics classLabels confusionMatrix residualQuantiles qualityChecksPassed championSkipped fairness
        perClass { label precision recall f1 support rocAuc }
        champion { championVersion championMetrics deltas }
        importance { feature mean std }
        qualityChecks { check metric observed required passed message }
      }
    }
  }`;

const PENGUIN_FEATURES = ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'];

describe('evaluation, quality checks, champion/challenger and model import', () => {
  let harness: Harness;
  const datasets: Record<string, string> = {};

  const run = async (input: Record<string, unknown>) => {
    const started = await harness.gql(START, { input });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    return waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
  };
  const reportOf = async (modelVersionId: string) => (await harness.gql(REPORT, { id: modelVersionId }, TOKENS.viewer)).data!.modelVersion;
  const penguins = (overrides: Record<string, unknown> = {}) => ({
    modelName: 'penguins',
    datasetVersionId: datasets.penguins,
    target: 'Species',
    features: PENGUIN_FEATURES,
    task: 'CLASSIFICATION',
    ...overrides,
  });

  before(async () => {
    harness = await startHarness();
    for (const [name, file] of [['penguins', 'penguins.jsonl'], ['cars', 'cars.jsonl']]) {
      datasets[name] = (await harness.gql(REGISTER, { input: { name, uri: path.join(SAMPLE_DATA, file) } })).data!.registerDataset.id;
    }
  });
  after(async () => {
    await harness?.close();
  });

  test('the report matches an independent scoring of the same test rows, with fairness and importance', async () => {
    const result = await run(penguins({ sensitiveFeature: 'Sex', favorableLabel: 'Gentoo', qualityChecks: [{ metric: 'accuracy', op: 'GTE', value: 0.9 }, { metric: 'demographicParityDifference', op: 'LTE', value: 1 }] }));
    assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result));
    const { evaluationReport: report, artifactUri } = await reportOf(result.modelVersion.id);
    assert.equal(report.qualityChecksPassed, true);

    // Independent check: the same stratified split over rows with a target, scored here.
    const rows = (await readFile(path.join(SAMPLE_DATA, 'penguins.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const { test: testIndexes } = stratifiedTrainTestSplit(rows.map((row) => row.Species), { testFraction: 0.2, seed: 42 });
    const testRows = Array.from(testIndexes, (i) => rows[i]);
    const session = await ort.InferenceSession.create(await readFile(fileURLToPath(artifactUri)));
    const outputs = await session.run({
      numeric_features: new ort.Tensor('float32', Float32Array.from(testRows.flatMap((row) => PENGUIN_FEATURES.slice(1).map((name) => row[name] ?? Number.NaN))), [testRows.length, 3]),
      categorical_features: new ort.Tensor('string', testRows.map((row) => row.Island ?? ''), [testRows.length, 1]),
    });
    await session.release();
    const predicted = outputs.label.data as string[];
    const labels = report.classLabels as string[];
    const matrix = labels.map((actual) => labels.map((guess) => testRows.filter((row, i) => row.Species === actual && predicted[i] === guess).length));
    assert.deepEqual(report.confusionMatrix, matrix);
    assert.equal(report.testRowCount, testRows.length);
    const correct = matrix.reduce((sum, row, i) => sum + row[i], 0);
    assert.equal(report.metrics.accuracy, correct / testRows.length);
    report.perClass.forEach((entry: { label: string; precision: number; recall: number; support: number; rocAuc: number }, c: number) => {
      const column = matrix.reduce((sum, row) => sum + row[c], 0);
      assert.equal(entry.support, matrix[c].reduce((a: number, b: number) => a + b, 0));
      assert.equal(entry.recall, matrix[c][c] / entry.support);
      assert.equal(entry.precision, column === 0 ? 0 : matrix[c][c] / column);
      assert.ok(entry.rocAuc > 0.9 && entry.rocAuc <= 1, `${entry.label} AUC ${entry.rocAuc}`);
    });
    assert.deepEqual(Object.keys(report.metrics).sort(), ['accuracy', 'logLoss', 'macroF1', 'macroPrecision', 'macroRecall', 'rocAucMacro']);

    assert.equal(report.fairness.sensitiveFeature, 'Sex');
    assert.equal(report.fairness.favorableLabel, 'Gentoo');
    const groups = report.fairness.groups.map((g: { group: string }) => g.group);
    assert.ok(groups.includes('FEMALE') && groups.includes('MALE'), JSON.stringify(groups));
    assert.equal(report.fairness.groups.reduce((sum: number, g: { count: number }) => sum + g.count, 0), testRows.length);
    assert.ok(report.fairness.measures.demographicParityDifference >= 0 && report.fairness.measures.demographicParityDifference <= 1);

    assert.deepEqual(report.importance.map((i: { feature: string }) => i.feature).sort(), [...PENGUIN_FEATURES].sort());
    const top = report.importance[0];
    assert.notEqual(top.feature, 'Island', `the measurements matter more than the island: ${JSON.stringify(report.importance)}`);
    assert.ok(top.mean > 0.05, JSON.stringify(report.importance));

    const lineage = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: DOWNSTREAM, depth: 1) { nodes { id kind } } }`, { id: result.modelVersion.id });
    assert.ok(lineage.data!.lineage.nodes.some((n: { id: string; kind: string }) => n.kind === 'evaluation_report' && n.id === report.id));
    const upstream = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 1) { nodes { id kind } } }`, { id: report.id });
    assert.deepEqual(upstream.data!.lineage.nodes.map((n: { kind: string }) => n.kind).sort(), ['dataset_version', 'evaluation_report', 'model_version']);
  });

  test('a missed quality check ends the run QUALITY_CHECKS_FAILED, naming observed and required values; the version keeps its report', async () => {
    const result = await run({
      modelName: 'mpg-checked',
      datasetVersionId: datasets.cars,
      target: 'Miles_per_Gallon',
      features: ['Horsepower', 'Weight_in_lbs'],
      task: 'REGRESSION',
      qualityChecks: [{ metric: 'r2', op: 'GTE', value: 0.95 }, { metric: 'rmse', op: 'LTE', value: 100 }],
    });
    assert.equal(result.status, 'QUALITY_CHECKS_FAILED', JSON.stringify(result));
    assert.match(result.error, /^quality checks failed: r2 >= 0\.95: r2 is 0\.\d+, required >= 0\.95$/);
    const { evaluationReport: report } = await reportOf(result.modelVersion.id);
    assert.deepEqual(report.qualityChecks.map((c: { check: string; passed: boolean }) => [c.check, c.passed]), [['r2 >= 0.95', false], ['rmse <= 100', true]]);
    assert.equal(report.qualityChecksPassed, false);
  });

  test('champion vs challenger on the same test rows, and mustBeatChampion', async () => {
    const regression = (overrides: Record<string, unknown>) => ({
      modelName: 'mpg',
      datasetVersionId: datasets.cars,
      target: 'Miles_per_Gallon',
      features: ['Horsepower', 'Weight_in_lbs', 'Origin'],
      task: 'REGRESSION',
      ...overrides,
    });
    const first = await run(regression({ features: ['Horsepower'] }));
    assert.equal(first.status, 'SUCCEEDED');
    const moved = await harness.gql(
      `mutation A($input: SetModelAliasInput!) { setModelAlias(input: $input) { name } }`,
      { input: { modelName: 'mpg', alias: 'champion', version: first.modelVersion.version, reason: 'baseline' } },
      TOKENS.ops,
    );
    assert.equal(moved.errors, undefined, JSON.stringify(moved.errors));

    const better = await run(regression({ mustBeatChampion: { metric: 'rmse', minDelta: 0.1 } }));
    assert.equal(better.status, 'SUCCEEDED', JSON.stringify(better));
    const { evaluationReport: report } = await reportOf(better.modelVersion.id);
    assert.equal(report.champion.championVersion, first.modelVersion.version);
    const { evaluationReport: baseline } = await reportOf(first.modelVersion.id);
    assert.equal(report.champion.championMetrics.rmse, baseline.metrics.rmse, 'champion scored on the same test rows');
    assert.ok(Math.abs(report.champion.deltas.rmse - (report.metrics.rmse - baseline.metrics.rmse)) < 1e-12);
    assert.ok(report.residualQuantiles.length === 5 && report.residualQuantiles[0].value < report.residualQuantiles[4].value);

    const impossible = await run(regression({ runKey: 'impossible', mustBeatChampion: { metric: 'r2', minDelta: 0.9 } }));
    assert.equal(impossible.status, 'QUALITY_CHECKS_FAILED');
    assert.match(impossible.error, /beats champion on r2 by >= 0\.9: r2 0\.\d+ vs champion v1 0\.\d+: improvement 0\.\d+, required >= 0\.9/);
  });

  test('an ONNX model produced outside the project imports, evaluates and appears in lineage', async () => {
    const sklearn = await ensureSklearnModels(path.join(harness.config.dataDir, 'sklearn'));
    const iris = (await harness.gql(REGISTER, { input: { name: 'iris', uri: sklearn.irisCsv } })).data!.registerDataset.id;
    const header = (await readFile(sklearn.irisCsv, 'utf8')).split('\n')[0].split(',');
    const target = header.at(-1)!;
    const features = header.slice(0, -1);
    const imported = await harness.gql(IMPORT, {
      input: { modelName: 'iris-sklearn', artifactUri: sklearn.irisOnnx, datasetVersionId: iris, target, features, task: 'CLASSIFICATION' },
    });
    assert.equal(imported.errors, undefined, JSON.stringify(imported.errors));
    const run = imported.data!.importModelVersion;
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.deepEqual(run.stages.map((s: { name: string; status: string }) => `${s.name}:${s.status}`), ['validate:SUCCEEDED', 'tune:SKIPPED', 'train:SKIPPED', 'evaluate:SUCCEEDED', 'register:SUCCEEDED']);
    const { evaluationReport: report } = await reportOf(run.modelVersion.id);
    assert.ok(report.metrics.accuracy > 0.85, JSON.stringify(report.metrics));
    const lineage = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 3) { nodes { kind } } }`, { id: run.modelVersion.id });
    assert.deepEqual(new Set(lineage.data!.lineage.nodes.map((n: { kind: string }) => n.kind)), new Set(['dataset_version', 'validation_report', 'pipeline_run', 'model_version']));
  });

  test('a corrupt file, a wrong signature or a non-ONNX file is refused and registers nothing', async () => {
    const sklearn = await ensureSklearnModels(path.join(harness.config.dataDir, 'sklearn'));
    const corrupt = path.join(harness.config.dataDir, 'corrupt.onnx');
    await writeFile(corrupt, randomBytes(2048));
    const notOnnx = path.join(harness.config.dataDir, 'cars-copy.onnx');
    await copyFile(path.join(SAMPLE_DATA, 'cars.jsonl'), notOnnx);
    const count = async () => (await harness.dataSource.query('SELECT (SELECT count(*)::int FROM model_version) AS versions, (SELECT count(*)::int FROM pipeline_run) AS runs'))[0];
    const before_ = await count();
    const base = { modelName: 'mpg-import', datasetVersionId: datasets.cars, target: 'Miles_per_Gallon', features: ['Horsepower', 'Weight_in_lbs'], task: 'REGRESSION' };
    for (const [artifactUri, message] of [
      [corrupt, /./],
      [notOnnx, /./],
      [sklearn.irisOnnx, /./],
      [sklearn.diabetesOnnx, /numeric_features/],
    ] as [string, RegExp][]) {
      const response = await harness.gql(IMPORT, { input: { ...base, artifactUri } });
      assert.equal(response.errors?.[0]?.extensions?.field, 'input.artifactUri', `${artifactUri}: ${JSON.stringify(response)}`);
      assert.match(response.errors![0].message, message);
    }
    assert.deepEqual(await count(), before_);
  });
});
