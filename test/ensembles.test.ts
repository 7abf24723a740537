import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { loadTrainingData, type TrainingData } from '../activities/training-data';
import type { PipelineInput } from '../domain/pipeline';
import { onnxInputs } from '../ml/features/onnx-inputs';
import { artifactStoreFor } from '../storage/configured-store';
import { SAMPLE_DATA, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';
import { ensureSklearnModels } from './support/python-sklearn';
import { rowCounts } from './support/row-counts';

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const ENSEMBLE = `mutation E($input: CreateEnsembleVersionInput!) { createEnsembleVersion(input: $input) { workflowId status } }`;
const IMPORT = `mutation I($input: ImportModelVersionInput!) { importModelVersion(input: $input) { status error modelVersion { id version artifactUri artifactSha256 metrics classLabels } } }`;
const RUN_INPUT = `query I($workflowId: String!) { pipelineRun(workflowId: $workflowId) { input reproducibility { trainer trainerVersion } } }`;
const LINEAGE = `query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 1) { edges { from to relation } } }`;
const PROVENANCE = `
  query P($id: ID!) {
    provenance(modelVersionId: $id) {
      code { trainer }
      evaluation { reportId }
      ensemble { method metaModelRowCount members { modelVersionId modelName version artifactSha256 weight } auditEventIds }
    }
  }`;

const CAR_FEATURES = ['Horsepower', 'Weight_in_lbs', 'Origin'];
const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];

interface Version {
  id: string;
  version: number;
  artifactUri: string;
  artifactSha256: string;
  metrics: Record<string, number>;
  classLabels: string[];
}

describe('ensembles of registered versions, through GraphQL on the real servers', () => {
  let harness: Harness;
  let cars: string;
  let weather: string;

  const train = async (input: Record<string, unknown>): Promise<Version> => {
    const started = await harness.gql(START, { input }, TOKENS.engineer);
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId, 240_000);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    return run.modelVersion;
  };
  const carsMember = (runKey: string, hyperparameters: Record<string, number> = {}, features = CAR_FEATURES) =>
    train({ modelName: 'mpg', datasetVersionId: cars, target: 'Miles_per_Gallon', features, task: 'REGRESSION', hyperparameters, runKey });
  const weatherMember = (runKey: string, extra: Record<string, unknown> = {}) =>
    train({ modelName: 'weather', datasetVersionId: weather, target: 'weather', features: WEATHER_FEATURES, task: 'CLASSIFICATION', runKey, ...extra });

  /** Creates the ensemble and waits for its pipeline; returns the run and what it was started with. */
  const ensemble = async (input: Record<string, unknown>) => {
    const created = await harness.gql(ENSEMBLE, { input }, TOKENS.engineer);
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    assert.equal(created.data!.createEnsembleVersion.status, 'RUNNING');
    const run = await waitForPipeline(harness, created.data!.createEnsembleVersion.workflowId, 240_000);
    const details = await harness.gql(RUN_INPUT, { workflowId: run.workflowId });
    return { run, input: details.data!.pipelineRun.input as PipelineInput, reproducibility: details.data!.pipelineRun.reproducibility };
  };

  /** The test split of a run, exactly as its evaluate stage derived it. */
  const testData = (input: PipelineInput) => loadTrainingData({ dataSource: harness.dataSource, store: artifactStoreFor(harness.config) }, input);
  const score = async (version: Version, data: TrainingData) => {
    const session = await ort.InferenceSession.create(await artifactStoreFor(harness.config).read(version.artifactUri));
    try {
      return await session.run(onnxInputs(data.spec, data.columns, data.splits.test));
    } finally {
      await session.release();
    }
  };

  before(async () => {
    harness = await startHarness();
    cars = await registerDataset(harness, 'cars', path.join(SAMPLE_DATA, 'cars.jsonl'));
    weather = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
  });
  after(async () => {
    await harness?.close();
  });

  test('AVERAGING two regressors: evaluated like any version, equal to the mean of their predictions, linked to both', async () => {
    const [a, b] = [await carsMember('a'), await carsMember('b', { l2: 300 })];
    const { run, input, reproducibility } = await ensemble({ modelName: 'mpg-ensemble', members: [a.id, b.id], method: 'AVERAGING' });
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.deepEqual(
      run.stages.map((stage: { name: string; status: string }) => `${stage.name}:${stage.status}`),
      ['validate:SUCCEEDED', 'tune:SKIPPED', 'train:SKIPPED', 'evaluate:SUCCEEDED', 'register:SUCCEEDED'],
    );
    const combined: Version = run.modelVersion;
    for (const metric of ['rmse', 'mae', 'r2']) assert.ok(Number.isFinite(combined.metrics[metric]), JSON.stringify(combined.metrics));
    assert.equal(reproducibility.trainer, 'ensemble:averaging');
    assert.equal(reproducibility.trainerVersion, combined.artifactSha256);

    const data = await testData(input);
    assert.ok(data.splits.test.length > 50);
    const [pa, pb, pe] = await Promise.all([a, b, combined].map(async (version) => (await score(version, data)).prediction.data as Float32Array));
    let largestGap = 0;
    for (let i = 0; i < pe.length; i++) {
      const mean = (pa[i] + pb[i]) / 2;
      largestGap = Math.max(largestGap, Math.abs(pa[i] - pb[i]));
      assert.ok(Math.abs(pe[i] - mean) <= 1e-6 * Math.max(1, Math.abs(mean)), `test row ${i}: ${pe[i]} vs mean ${mean}`);
    }
    assert.ok(largestGap > 0.01, 'the members must differ for the mean to be tested');

    const lineage = await harness.gql(LINEAGE, { id: combined.id });
    const memberEdges = lineage.data!.lineage.edges.filter((edge: { relation: string }) => edge.relation === 'member_of');
    assert.deepEqual(
      memberEdges.map((edge: { from: string; to: string }) => [edge.from, edge.to]).sort(),
      [[a.id, combined.id], [b.id, combined.id]].sort(),
    );
    const provenance = (await harness.gql(PROVENANCE, { id: combined.id })).data!.provenance;
    assert.equal(provenance.code.trainer, 'ensemble:averaging');
    assert.ok(provenance.evaluation.reportId);
    assert.deepEqual(provenance.ensemble.method, 'AVERAGING');
    assert.deepEqual(provenance.ensemble.members, [
      { modelVersionId: a.id, modelName: 'mpg', version: a.version, artifactSha256: a.artifactSha256, weight: 0.5 },
      { modelVersionId: b.id, modelName: 'mpg', version: b.version, artifactSha256: b.artifactSha256, weight: 0.5 },
    ]);
    assert.ok(provenance.ensemble.auditEventIds.length > 0);
  });

  test('VOTING three classifiers: each test row gets the majority label, a tie the first class', async () => {
    const members = [
      await weatherMember('default'),
      await weatherMember('l2', { hyperparameters: { l2: 0.5 } }),
      await weatherMember('barely-fitted', { hyperparameters: { learningRate: 0.01, maxIterations: 3 } }),
    ];
    const { run, input } = await ensemble({
      modelName: 'weather-vote',
      members: members.map((m) => m.id),
      method: 'VOTING',
      qualityChecks: [{ metric: 'accuracy', op: 'GTE', value: 0.3 }],
      deploy: { environment: 'STAGING' },
    });
    // Past its quality checks, the ensemble waits at the approval gate like any version.
    assert.equal(run.status, 'AWAITING_APPROVAL', JSON.stringify(run));
    const combined: Version = run.modelVersion;
    const gate = await harness.gql(`query G($w: String!) { pipelineRun(workflowId: $w) { approvalGate { status subject { kind id } } } }`, { w: run.workflowId });
    assert.deepEqual(gate.data!.pipelineRun.approvalGate, { status: 'PENDING', subject: { kind: 'model_version', id: combined.id } });
    await harness.temporal.workflow.getHandle(run.workflowId).cancel();
    assert.ok(combined.metrics.accuracy > 0.3, JSON.stringify(combined.metrics));
    assert.deepEqual(combined.classLabels, members[0].classLabels);

    const data = await testData(input);
    const memberLabels = await Promise.all(members.map(async (member) => (await score(member, data)).label.data as string[]));
    const labels = (await score(combined, data)).label.data as string[];
    let disagreements = 0;
    labels.forEach((label, i) => {
      const votes = combined.classLabels.map((candidate) => memberLabels.filter((memberLabel) => memberLabel[i] === candidate).length);
      if (Math.max(...votes) < 3) disagreements += 1;
      assert.equal(label, combined.classLabels[votes.indexOf(Math.max(...votes))], `test row ${i}: votes ${votes}`);
    });
    assert.ok(disagreements > 0, 'the members must disagree on some rows for the vote to be tested');
  });

  test('STACKING members trained with tuning: the meta-model is fitted on their validation split and the version passes its checks', async () => {
    const tuning = { strategy: 'GRID', space: { l2: [0.0001] }, maxTrials: 1, objective: { metric: 'accuracy', goal: 'MAXIMIZE' } };
    const members = [
      await weatherMember('tuned-a', { tuning }),
      await weatherMember('tuned-b', { tuning: { ...tuning, space: { l2: [1] } } }),
    ];
    const { run } = await ensemble({
      modelName: 'weather-stack',
      members: members.map((m) => m.id),
      method: 'STACKING',
      qualityChecks: [{ metric: 'accuracy', op: 'GTE', value: 0.5 }],
      mustBeatChampion: { metric: 'accuracy', minDelta: 0 },
    });
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.ok(run.modelVersion.metrics.accuracy >= 0.5, JSON.stringify(run.modelVersion.metrics));
    const provenance = (await harness.gql(PROVENANCE, { id: run.modelVersion.id })).data!.provenance;
    assert.equal(provenance.ensemble.method, 'STACKING');
    // 1,461 rows: 20% test, then 20% of all rows for validation.
    assert.equal(provenance.ensemble.metaModelRowCount, 292);
    assert.deepEqual(provenance.ensemble.members.map((member: { weight: number | null }) => member.weight), [null, null]);
  });

  test('an imported scikit-learn model and a built-in one combine: AVERAGING regressors, SOFT_VOTING classifiers', async () => {
    const sklearn = await ensureSklearnModels(path.join(harness.config.dataDir, 'sklearn'));
    for (const [task, csv, onnxFile, method] of [
      ['REGRESSION', sklearn.diabetesCsv, sklearn.diabetesOnnx, 'AVERAGING'],
      ['CLASSIFICATION', sklearn.irisCsv, sklearn.irisOnnx, 'SOFT_VOTING'],
    ] as const) {
      const name = path.basename(csv, '.csv');
      const datasetVersionId = await registerDataset(harness, name, csv);
      const header = (await readFile(csv, 'utf8')).split('\n')[0].split(',');
      const request = { modelName: `${name}-members`, datasetVersionId, target: header.at(-1)!, features: header.slice(0, -1), task };
      const imported = await harness.gql(IMPORT, { input: { ...request, artifactUri: onnxFile } }, TOKENS.engineer);
      assert.equal(imported.data?.importModelVersion.status, 'SUCCEEDED', JSON.stringify(imported));
      const builtIn = await train(request);
      const members: Version[] = [imported.data!.importModelVersion.modelVersion, builtIn];
      const { run, input } = await ensemble({ modelName: `${name}-ensemble`, members: members.map((m) => m.id), method });
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));

      const data = await testData(input);
      const outputs = await Promise.all([...members, run.modelVersion].map((version) => score(version, data)));
      const column = task === 'REGRESSION' ? 'prediction' : 'probabilities';
      const [first, second, combined] = outputs.map((output) => output[column].data as Float32Array);
      for (let k = 0; k < combined.length; k++) {
        const mean = (first[k] + second[k]) / 2;
        assert.ok(Math.abs(combined[k] - mean) <= 1e-6 * Math.max(1, Math.abs(mean)), `${name} value ${k}: ${combined[k]} vs mean ${mean}`);
      }
    }
  });

  test('bad requests are refused with the field and the reason, and write nothing', async () => {
    const regressor = await carsMember('refusals');
    const other = await carsMember('refusals-other', { l2: 3 });
    const fewerFeatures = await carsMember('fewer-features', {}, ['Horsepower', 'Weight_in_lbs']);
    const classifier = await weatherMember('refusals');
    const before_ = await rowCounts(harness.dataSource);
    const refuse = async (input: Record<string, unknown>, code: string, field: string, message: RegExp) =>
      assertError(await harness.gql(ENSEMBLE, { input: { modelName: 'refused', method: 'AVERAGING', ...input } }, TOKENS.engineer), code, field, message);

    await refuse({ members: [regressor.id] }, 'BAD_USER_INPUT', 'input.members', /at least 2 model versions \(got 1\)/);
    const unknown = randomUUID();
    await refuse({ members: [regressor.id, unknown] }, 'NOT_FOUND', 'input.members[1]', new RegExp(`model version ${unknown} not found`));
    await refuse({ members: [regressor.id, regressor.id] }, 'BAD_USER_INPUT', 'input.members[1]', /listed twice/);
    await refuse({ members: [regressor.id, classifier.id] }, 'BAD_USER_INPUT', 'input.members[1]', /has the task "CLASSIFICATION" but mpg v\d+ \(input.members\[0\]\) has "REGRESSION"/);
    await refuse({ members: [regressor.id, fewerFeatures.id] }, 'BAD_USER_INPUT', 'input.members[1]', /has the features \(in input order\) \["Horsepower","Weight_in_lbs"\]/);
    await refuse({ members: [regressor.id, other.id], weights: [1] }, 'BAD_USER_INPUT', 'input.weights', /has 1 weights for 2 members/);
    await refuse({ members: [regressor.id, other.id], weights: [1, -1] }, 'BAD_USER_INPUT', 'input.weights[1]', /non-negative/);
    await refuse({ members: [regressor.id, other.id], method: 'VOTING' }, 'BAD_USER_INPUT', 'input.method', /VOTING combines class labels or probabilities; the members are regressors/);
    await refuse({ members: [regressor.id, other.id], method: 'STACKING' }, 'BAD_USER_INPUT', 'input.method', /STACKING needs held-out rows none of the members trained on, and mpg v\d+ was trained without tuning/);
    await refuse({ members: [regressor.id, other.id], modelName: 'weather' }, 'BAD_USER_INPUT', 'input.modelName', /model weather is a CLASSIFICATION model/);
    assert.deepEqual(await rowCounts(harness.dataSource), before_, 'a refused request wrote rows');
  });
});
