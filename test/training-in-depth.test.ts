import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../platform/config';
import { SAMPLE_DATA, TOKENS, startHarness, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id contentSha256 } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RUN_DETAILS = `
  query D($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) {
      trials { index params metrics status error }
      crossValidation { folds perFold mean std }
      reproducibility { datasetSha256 seed testFraction hyperparameters trainer trainerVersion gitCommit nodeVersion onnxruntimeVersion provenantVersion }
    }
  }`;

describe('validation and training in depth, on the real servers', () => {
  let harness: Harness;
  const datasets: Record<string, { id: string; contentSha256: string }> = {};

  const run = async (input: Record<string, unknown>, token: string = TOKENS.engineer) => {
    const started = await harness.gql(START, { input }, token);
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const workflowId = started.data!.startModelPipeline.workflowId;
    const summary = await waitForPipeline(harness, workflowId);
    const details = await harness.gql(RUN_DETAILS, { workflowId });
    return { ...summary, ...details.data!.pipelineRun };
  };
  const penguins = (overrides: Record<string, unknown> = {}) => ({
    modelName: 'penguin-species',
    datasetVersionId: datasets.penguins.id,
    target: 'Species',
    features: ['Island', 'Beak Length (mm)', 'Flipper Length (mm)', 'Sex'],
    task: 'CLASSIFICATION',
    ...overrides,
  });
  const stageOf = (result: Record<string, any>, name: string) => result.stages.find((s: { name: string }) => s.name === name);

  before(async () => {
    harness = await startHarness();
    for (const [name, file] of [['penguins', 'penguins.jsonl'], ['cars', 'cars.jsonl'], ['weather', 'seattle-weather.csv']]) {
      const registered = await harness.gql(REGISTER, { input: { name, uri: path.join(SAMPLE_DATA, file) } });
      datasets[name] = registered.data!.registerDataset;
    }
  });
  after(async () => {
    await harness?.close();
  });

  test('categorical features, missing values and awkward column names train end to end', async () => {
    const result = await run(penguins());
    assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result));
    assert.deepEqual(result.modelVersion.classLabels, ['Adelie', 'Chinstrap', 'Gentoo']);
    // Beak length and flipper length separate the species well even with imputed gaps.
    assert.ok(result.modelVersion.metrics.accuracy > 0.9, JSON.stringify(result.modelVersion.metrics));
    assert.notEqual(result.validationReport.status, 'FAIL');
    const checks = result.validationReport.checks.map((c: { name: string; column: string | null }) => `${c.name}:${c.column}`);
    for (const expected of ['null_fraction:Sex', 'label_leakage:Beak Length (mm)', 'class_balance:Species', 'train_test_overlap:null', 'usable_rows:null']) {
      assert.ok(checks.includes(expected), `missing check ${expected} in ${checks}`);
    }
    assert.deepEqual(result.reproducibility, {
      ...result.reproducibility,
      datasetSha256: datasets.penguins.contentSha256,
      seed: 42,
      testFraction: 0.2,
      trainer: 'builtin:logistic-regression',
      nodeVersion: process.version,
    });
    assert.equal(result.reproducibility.hyperparameters.learningRate, 0.5);
    assert.match(result.reproducibility.onnxruntimeVersion, /^\d+\.\d+\.\d+/);
  });

  test('a Parquet copy of the same data trains to exactly the same metrics', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const rows = (await readFile(path.join(SAMPLE_DATA, 'penguins.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const column = (name: string, type: 'STRING' | 'DOUBLE') => ({ name, type, data: rows.map((row) => row[name]) });
    const file = path.join(harness.config.dataDir, 'penguins.parquet');
    const parquet = parquetWriteBuffer({
      columnData: [column('Species', 'STRING'), column('Island', 'STRING'), column('Beak Length (mm)', 'DOUBLE'), column('Flipper Length (mm)', 'DOUBLE'), column('Sex', 'STRING')],
    });
    await writeFile(file, new Uint8Array(parquet));
    const registered = await harness.gql(REGISTER, { input: { name: 'penguins-parquet', uri: file } });
    const fromJsonLines = await run(penguins({ runKey: 'jsonl' }));
    const fromParquet = await run(penguins({ runKey: 'parquet', datasetVersionId: registered.data!.registerDataset.id }));
    assert.equal(fromParquet.status, 'SUCCEEDED', JSON.stringify(fromParquet));
    assert.deepEqual(fromParquet.modelVersion.metrics, fromJsonLines.modelVersion.metrics);
  });

  test('re-running a built-in trainer on the same inputs yields a byte-identical ONNX file', async () => {
    const first = await run(penguins({ runKey: 'first' }));
    const second = await run(penguins({ runKey: 'second' }));
    assert.equal(first.status, 'SUCCEEDED');
    assert.notEqual(first.modelVersion.id, second.modelVersion.id);
    assert.equal(second.modelVersion.artifactSha256, first.modelVersion.artifactSha256);
  });

  test('a broken data contract fails the validate stage once, with a stored FAIL report', async () => {
    const result = await run(penguins({ expectations: [{ column: 'Body Mass (g)', nullable: false }, { column: 'Island', allowedValues: ['Biscoe', 'Dream'] }] }));
    assert.equal(result.status, 'FAILED');
    assert.deepEqual([stageOf(result, 'validate').status, stageOf(result, 'validate').attempts], ['FAILED', 1]);
    assert.match(result.error, /expectation\.not_null \(Body Mass \(g\)\): column "Body Mass \(g\)" has 2 missing values/);
    assert.match(result.error, /expectation\.allowed_values \(Island\)/);
    assert.equal(result.validationReport.status, 'FAIL');
    assert.equal(result.modelVersion, null);
  });

  test('grid tuning runs every trial as a child workflow and trains the final model with the best', async () => {
    const result = await run({
      modelName: 'weather-tuned',
      datasetVersionId: datasets.weather.id,
      target: 'weather',
      features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
      task: 'CLASSIFICATION',
      tuning: { strategy: 'GRID', space: { learningRate: [0.05, 0.5], l2: [0.0001, 0.1] }, maxTrials: 4, parallelism: 2, objective: { metric: 'macroF1', goal: 'MAXIMIZE' } },
    });
    assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result));
    assert.equal(stageOf(result, 'tune').status, 'SUCCEEDED');
    assert.equal(result.trials.length, 4);
    assert.ok(result.trials.every((t: { status: string; metrics: Record<string, number> }) => t.status === 'SUCCEEDED' && t.metrics.macroF1 > 0));
    const best = result.trials.reduce((a: any, b: any) => (b.metrics.macroF1 > a.metrics.macroF1 ? b : a));
    assert.equal(result.modelVersion.hyperparameters.learningRate, best.params.learningRate);
    assert.equal(result.modelVersion.hyperparameters.l2, best.params.l2);
    const lineage = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 2) { nodes { kind } edges { relation } } }`, { id: result.modelVersion.id });
    assert.deepEqual(lineage.data!.lineage.nodes.filter((n: { kind: string }) => n.kind === 'training_trial').length, 1, 'the selected trial');
    assert.ok(lineage.data!.lineage.edges.some((e: { relation: string }) => e.relation === 'selected'));
    const trialRuns: string[] = [];
    for await (const workflow of harness.temporal.workflow.list({ query: `WorkflowType = "tuningTrialWorkflow" AND TaskQueue = "${harness.config.taskQueuePrefix}.pipelines"` })) {
      trialRuns.push(workflow.workflowId);
    }
    assert.deepEqual(trialRuns.sort(), [0, 1, 2, 3].map((i) => `${result.workflowId}:trial:${i}`));
  });

  test('random tuning stops early once a trial meets the objective target', async () => {
    const result = await run({
      modelName: 'mpg-tuned',
      datasetVersionId: datasets.cars.id,
      target: 'Miles_per_Gallon',
      features: ['Horsepower', 'Weight_in_lbs', 'Origin'],
      task: 'REGRESSION',
      tuning: { strategy: 'RANDOM', space: { l2: { min: 0.000001, max: 1, scale: 'LOG' } }, maxTrials: 8, parallelism: 2, objective: { metric: 'rmse', goal: 'MINIMIZE', target: 100 } },
    });
    assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result));
    assert.equal(result.trials.length, 2, 'the first batch already meets rmse <= 100');
  });

  test('k-fold cross-validation records per-fold and mean ± std metrics', async () => {
    const result = await run({
      modelName: 'mpg-cv',
      datasetVersionId: datasets.cars.id,
      target: 'Miles_per_Gallon',
      features: ['Horsepower', 'Weight_in_lbs', 'Cylinders', 'Origin'],
      task: 'REGRESSION',
      crossValidation: { folds: 4 },
    });
    assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result));
    const cv = result.crossValidation;
    assert.equal(cv.folds, 4);
    assert.equal(cv.perFold.length, 4);
    const r2s = cv.perFold.map((fold: { r2: number }) => fold.r2);
    assert.ok(Math.abs(cv.mean.r2 - r2s.reduce((a: number, b: number) => a + b, 0) / 4) < 1e-12);
    assert.ok(cv.mean.r2 > 0.6 && cv.std.r2 > 0 && cv.std.r2 < 0.2, JSON.stringify(cv));
  });

  test('an external Python trainer: a crash by signal is retried, then the model registers', async () => {
    const registered = await harness.gql(
      `mutation T($input: RegisterTrainerInput!) { registerTrainer(input: $input) { name version } }`,
      { input: { name: 'py-linear', command: ['python3', path.join(REPO_ROOT, 'examples', 'trainers', 'linear_trainer.py')], timeoutSeconds: 120 } },
      TOKENS.admin,
    );
    assert.deepEqual(registered.data, { registerTrainer: { name: 'py-linear', version: 1 } });
    const result = await run({
      modelName: 'mpg-python',
      datasetVersionId: datasets.cars.id,
      target: 'Miles_per_Gallon',
      features: ['Horsepower', 'Weight_in_lbs'],
      task: 'REGRESSION',
      trainer: 'py-linear',
      hyperparameters: { crashFirstAttempts: 1 },
    });
    assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result));
    assert.equal(stageOf(result, 'train').attempts, 2, 'killed on attempt 1, retried by Temporal');
    assert.ok(result.modelVersion.metrics.r2 > 0.6, JSON.stringify(result.modelVersion.metrics));
    assert.deepEqual([result.reproducibility.trainer, result.reproducibility.trainerVersion], ['py-linear', '1']);
  });

  test('an external trainer that reports bad input (exit 2) fails at once, without retries', async () => {
    const result = await run({
      modelName: 'mpg-python-bad',
      datasetVersionId: datasets.cars.id,
      target: 'Miles_per_Gallon',
      features: ['Horsepower', 'Origin'],
      task: 'REGRESSION',
      trainer: 'py-linear',
    });
    assert.equal(result.status, 'FAILED');
    assert.deepEqual([stageOf(result, 'train').status, stageOf(result, 'train').attempts], ['FAILED', 1]);
    assert.match(result.error, /train: input: trainer py-linear rejected its input \(exit code 2\)[\s\S]*\[.Origin.\] are categorical/);
  });

  test('training options are checked before anything starts, naming the field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ trainer: 'no-such-trainer' }, 'input.trainer', /unknown trainer "no-such-trainer"; registered: py-linear/],
      [{ trainer: 'builtin:linear-regression' }, 'input.trainer', /CLASSIFICATION uses builtin:logistic-regression/],
      [{ crossValidation: { folds: 1 } }, 'input.crossValidation.folds', /from 2 to 20/],
      [{ tuning: { strategy: 'GRID', space: { l2: [0.1] }, maxTrials: 2, objective: { metric: 'r2', goal: 'MAXIMIZE' } } }, 'input.tuning.objective.metric', /accuracy, macroF1, logLoss/],
      [{ tuning: { strategy: 'GRID', space: { learningRate: [-1] }, maxTrials: 2, objective: { metric: 'accuracy', goal: 'MAXIMIZE' } } }, 'input.tuning.space.learningRate', /positive number/],
      [{ tuning: { strategy: 'GRID', space: { l2: { min: 0, max: 1 } }, maxTrials: 2, objective: { metric: 'accuracy', goal: 'MAXIMIZE' } } }, 'input.tuning.space.l2', /GRID needs a list/],
      [{ hyperparameters: { crashFirstAttempts: 1 } }, 'input.hyperparameters.crashFirstAttempts', /not a known hyperparameter/],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await harness.gql(START, { input: penguins({ runKey: field, ...overrides }) });
      assert.equal(response.errors?.[0]?.extensions?.field, field, JSON.stringify(response.errors));
      assert.match(response.errors![0].message, message);
    }
  });

  test('validateDataset runs the same checks outside a pipeline and keeps the report', async () => {
    const response = await harness.gql(
      `mutation V($id: ID!, $expectations: [ColumnExpectationInput!]) {
        validateDataset(datasetVersionId: $id, expectations: $expectations, target: "Miles_per_Gallon", features: ["Horsepower", "Name"], task: REGRESSION) {
          id status checks { name column status observed }
        }
      }`,
      { id: datasets.cars.id, expectations: [{ column: 'Cylinders', min: 3, max: 8 }, { column: 'Miles_per_Gallon', nullable: false }] },
    );
    const report = response.data!.validateDataset;
    assert.equal(report.status, 'FAIL');
    const statusOf = (name: string, column: string) => report.checks.find((c: { name: string; column: string }) => c.name === name && c.column === column)?.status;
    assert.equal(statusOf('expectation.min', 'Cylinders'), 'PASS');
    assert.equal(statusOf('expectation.not_null', 'Miles_per_Gallon'), 'FAIL', 'cars has 8 rows without mpg');
    assert.equal(statusOf('feature_usable', 'Name'), 'FAIL', '311 distinct names in 406 cars: an identifier, not a category');
    const stored = await harness.gql(`query Q($id: ID!) { validationReport(id: $id) { status datasetVersionId } }`, { id: report.id }, TOKENS.viewer);
    assert.deepEqual(stored.data!.validationReport, { status: 'FAIL', datasetVersionId: datasets.cars.id });
  });
});
