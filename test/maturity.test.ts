import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logger } from '../platform/logger';
import { createServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { SAMPLE_DATA, SERVING_TOKEN, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const MODEL = 'weather-maturity';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RECORD_GROUND_TRUTH = `mutation G($input: RecordGroundTruthInput!) { recordGroundTruth(input: $input) { label } }`;
const RUN = `query R($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status reproducibility { gitCommit } approvalGate { id } } }`;
const SCORECARD = `
  query M($weeks: Int) {
    maturityScorecard(weeks: $weeks) {
      weeks since until source
      overall { stage reason }
      dimensions { dimension stage reason }
      elements { key dimension element stage stageDescription evidence { name value detail scope } nextStage { stage requirement missing } }
    }
  }`;

interface Element {
  key: string;
  stage: string;
  evidence: { name: string; value: number; detail: string; scope: string }[];
  nextStage: { stage: string; requirement: string; missing: string[] } | null;
}
interface Scorecard {
  weeks: number;
  since: string;
  until: string;
  source: string;
  overall: { stage: string; reason: string };
  dimensions: { dimension: string; stage: string; reason: string }[];
  elements: Element[];
}

/**
 * The scorecard on the real API, Postgres and Temporal: an empty deployment, then one that
 * has registered data, trained with a contract and quality checks, released through an
 * approval and scheduled drift scans. Every stage asserted is the one the rules give for
 * exactly these records.
 */
describe('maturity scorecard', () => {
  let harness: Harness;
  let scheduleId: string | null = null;
  let recordsCommit = false;

  const scorecard = async (token: string = TOKENS.ops): Promise<Scorecard> => {
    const { data, errors } = await harness.gql<{ maturityScorecard: Scorecard }>(SCORECARD, {}, token);
    assert.equal(errors, undefined, JSON.stringify(errors));
    return data!.maturityScorecard;
  };
  const elementOf = (card: Scorecard, key: string): Element => {
    const element = card.elements.find((candidate) => candidate.key === key);
    assert.ok(element, `no element ${key}`);
    return element;
  };
  const stages = (card: Scorecard) => Object.fromEntries(card.elements.map((element) => [element.key, element.stage]));
  const evidence = (element: Element, name: string) => element.evidence.find((candidate) => candidate.name === name);

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    if (scheduleId) await harness.gql(`mutation D($id: ID!) { deleteDriftSchedule(id: $id) }`, { id: scheduleId }, TOKENS.engineer);
    await harness?.close();
  });

  test('an empty deployment stands at Ad hoc in every element, each saying what DataOps needs', async () => {
    const card = await scorecard();
    assert.equal(card.weeks, 4);
    assert.equal(new Date(card.until).getTime() - new Date(card.since).getTime(), 28 * 24 * 3600 * 1000);
    assert.match(card.source, /John, .*Olsson, .*Bosch.*10\.1016\/j\.infsof\.2025\.107725/);
    assert.equal(card.elements.length, 17);
    for (const element of card.elements) {
      assert.equal(element.stage, 'AD_HOC', element.key);
      assert.equal(element.nextStage?.stage, 'DATA_OPS', element.key);
      assert.ok(element.nextStage.missing.length > 0, element.key);
    }
    assert.deepEqual(card.overall.stage, 'AD_HOC');
    assert.deepEqual(
      card.dimensions.map((d) => [d.dimension, d.stage, d.reason]),
      [
        ['DATA', 'AD_HOC', 'all 4 elements stand at Ad hoc'],
        ['MODEL', 'AD_HOC', 'all 4 elements stand at Ad hoc'],
        ['DEPLOYMENT', 'AD_HOC', 'all 3 elements stand at Ad hoc'],
        ['OPERATIONS_AND_INFRASTRUCTURE', 'AD_HOC', 'all 3 elements stand at Ad hoc'],
        ['ORGANISATION', 'AD_HOC', 'all 3 elements stand at Ad hoc'],
      ],
    );
    assert.deepEqual(elementOf(card, 'data.versioning').nextStage?.missing, [
      'no dataset version is registered: register training data with registerDataset, which stores each version under its content hash',
    ]);
    assert.deepEqual(elementOf(card, 'organisation.audit-trail').nextStage?.missing, ['the audit log is empty: every change made through Provenant is recorded there']);
    assert.deepEqual(evidence(elementOf(card, 'data.versioning'), 'datasetVersions'), {
      name: 'datasetVersions',
      value: 0,
      detail: '0 dataset versions registered, each stored under the SHA-256 of its content',
      scope: 'ALL_TIME',
    });
    assert.deepEqual(evidence(elementOf(card, 'organisation.audit-trail'), 'auditChainVerified'), {
      name: 'auditChainVerified',
      value: 1,
      detail: 'every event fits the chain (verified incrementally: each call re-hashes the events appended since the last)',
      scope: 'NOW',
    });
  });

  test('a heavy read across every table: operators only', async () => {
    for (const token of [TOKENS.viewer, TOKENS.engineer, TOKENS.approver]) assertError(await harness.gql(SCORECARD, {}, token), 'FORBIDDEN', undefined, /may not perform this operation/);
  });

  test('a window outside 1-52 weeks is refused on weeks', async () => {
    assertError(await harness.gql(SCORECARD, { weeks: 0 }, TOKENS.ops), 'BAD_USER_INPUT', 'weeks', /from 1 to 52/);
    assertError(await harness.gql(SCORECARD, { weeks: 53 }, TOKENS.ops), 'BAD_USER_INPUT', 'weeks', /from 1 to 52/);
  });

  test('a validated, quality-checked run, an approved release and a drift schedule move the elements exactly as the rules say', async () => {
    const datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const pipeline = (runKey: string, extra: Record<string, unknown>) => ({
      modelName: MODEL,
      datasetVersionId,
      target: 'weather',
      features: FEATURES,
      task: 'CLASSIFICATION',
      qualityChecks: [{ metric: 'accuracy', op: 'GTE', value: 0.5 }],
      runKey,
      ...extra,
    });

    // A run with a data contract and cross-validation, then the same training again as a release.
    const validated = await harness.gql(START, { input: pipeline('validated', { expectations: [{ column: 'wind', min: 0 }], crossValidation: { folds: 3 } }) }, TOKENS.engineer);
    const first = await waitForPipeline(harness, validated.data!.startModelPipeline.workflowId);
    assert.equal(first.status, 'SUCCEEDED', JSON.stringify(first));
    const release = await harness.gql(
      START,
      { input: pipeline('release', { deploy: { environment: 'STAGING', requiredApprovals: 1, canary: { steps: [100], observationWindow: '1s', minRequests: 0 } } }) },
      TOKENS.engineer,
    );
    const releaseId = release.data!.startModelPipeline.workflowId;
    assert.equal((await waitForPipeline(harness, releaseId)).status, 'AWAITING_APPROVAL');
    const { approvalGate, reproducibility } = (await harness.gql(RUN, { workflowId: releaseId })).data!.pipelineRun;
    const decided = await harness.gql(`mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`, { input: { gateId: approvalGate.id, decision: 'APPROVE' } }, TOKENS.approver);
    assert.equal(decided.data!.decideApproval.status, 'APPROVED', JSON.stringify(decided));
    await harness.temporal.workflow.getHandle(releaseId).result();
    assert.equal((await harness.gql(RUN, { workflowId: releaseId })).data!.pipelineRun.status, 'SUCCEEDED');
    // Runs record the worker's git commit when it has one (a checkout, or PROVENANT_GIT_COMMIT); reproducibility stages follow it.
    recordsCommit = reproducibility.gitCommit !== null;

    const released = await scorecard();
    const drift = elementOf(released, 'data.drift-monitoring');
    assert.equal(drift.stage, 'DATA_OPS');
    assert.deepEqual(drift.nextStage?.missing, [
      'no drift scan in the last 4 weeks and no drift schedule: compare a model’s traffic or a new dataset version with its training data using triggerDriftScan',
    ]);

    const scheduled = await harness.gql(
      `mutation C($input: ScheduleDriftScanInput!) { scheduleDriftScan(input: $input) { id } }`,
      // Once a year, so no scan fires while the test runs: the schedule itself is the evidence.
      { input: { modelName: MODEL, environment: 'STAGING', cron: '0 0 1 1 *', window: '24h' } },
      TOKENS.engineer,
    );
    assert.equal(scheduled.errors, undefined, JSON.stringify(scheduled.errors));
    scheduleId = scheduled.data!.scheduleDriftScan.id;

    const card = await scorecard();
    assert.deepEqual(stages(card), {
      'data.versioning': 'MANUAL_MLOPS',
      'data.validation': 'MANUAL_MLOPS',
      'data.drift-monitoring': 'AUTOMATED_MLOPS',
      'data.ground-truth': 'AD_HOC',
      'model.reproducibility': recordsCommit ? 'KAIZEN' : 'DATA_OPS',
      'model.experiment-tracking': 'MANUAL_MLOPS',
      'model.evaluation': 'AUTOMATED_MLOPS',
      'model.registry': 'AUTOMATED_MLOPS',
      'deployment.release-process': 'AUTOMATED_MLOPS',
      'deployment.frequency': 'MANUAL_MLOPS',
      'deployment.rollback': 'DATA_OPS',
      'operations.production-monitoring': 'AD_HOC',
      'operations.retraining': 'MANUAL_MLOPS',
      'operations.serving-environments': 'MANUAL_MLOPS',
      'organisation.separation-of-duties': 'AUTOMATED_MLOPS',
      'organisation.shared-review': 'MANUAL_MLOPS',
      'organisation.audit-trail': recordsCommit ? 'KAIZEN' : 'AUTOMATED_MLOPS',
    });

    const missing = (key: string) => elementOf(card, key).nextStage?.missing;
    assert.deepEqual(missing('data.validation'), [
      `1 of 2 validated runs (50%) in the last 4 weeks had a data contract, 80% needed: pass expectations to startModelPipeline for ${MODEL}`,
    ]);
    assert.deepEqual(evidence(elementOf(card, 'data.validation'), 'runsWithDataContract'), {
      name: 'runsWithDataContract',
      value: 0.5,
      detail: '1 of 2 validated runs with a data contract (50%)',
      scope: 'WINDOW',
    });
    assert.deepEqual(elementOf(card, 'data.drift-monitoring').nextStage, {
      stage: 'KAIZEN',
      requirement: 'Drift in the inputs feeds back into the model: every deployed model has an enabled retraining policy that reacts to data drift.',
      missing: [`set a retraining policy that reacts to data drift (setRetrainingPolicy with consecutiveDriftedScans) for ${MODEL}`],
    });
    assert.deepEqual(missing('model.experiment-tracking'), [
      'no run in the last 4 weeks searched hyperparameters: pass tuning (GRID or RANDOM) to startModelPipeline',
    ]);
    assert.deepEqual(missing('model.evaluation'), [
      'no candidate was compared with a champion in the last 4 weeks: name the version in use with setModelAlias (alias champion) so later runs are compared with it',
    ]);
    assert.deepEqual(missing('model.registry'), [`set a champion alias (setModelAlias) for ${MODEL}`]);
    assert.deepEqual(missing('deployment.release-process'), [
      'no canary in the last 4 weeks was compared with a stable version under live traffic (a model’s first deployment becomes stable at once): release a new version of a deployed model',
    ]);
    assert.deepEqual(missing('deployment.frequency'), ['releases were promoted in 1 of 4 weeks (25%), 50% needed: release smaller changes more often']);
    assert.deepEqual(missing('deployment.rollback'), [
      'no deployment in the last 4 weeks replaced a stable version, so no rollback target is on record: release a new version of a deployed model',
    ]);
    assert.deepEqual(missing('operations.retraining'), [
      'no retraining policy is enabled: setRetrainingPolicy with deploy so confirmed drift retrains the model and asks for approval',
    ]);
    assert.deepEqual(missing('organisation.separation-of-duties'), [
      '1 of 1 gates (100%) in the last 4 weeks asked for fewer than 2 approvals: set requiredApprovals to 2 or more',
    ]);
    assert.deepEqual(missing('organisation.shared-review'), [
      '1 of the 2 approvers needed decided gates in the last 4 weeks: give more people the approver role and name them on gates',
    ]);
    const reproducible = elementOf(card, 'model.reproducibility');
    assert.equal(evidence(reproducible, 'runsWithCompleteReproducibility')?.value, recordsCommit ? 1 : 0);
    if (recordsCommit) {
      // The release trained exactly what the first run trained: one model file for two identical records.
      assert.equal(evidence(reproducible, 'reproductionsVerified')?.value, 1);
      assert.equal(reproducible.nextStage, null);
      assert.equal(elementOf(card, 'organisation.audit-trail').nextStage, null);
    } else {
      assert.deepEqual(reproducible.nextStage?.missing, ['no run in the last 4 weeks recorded its code commit: run workers from a git checkout or set PROVENANT_GIT_COMMIT']);
      assert.deepEqual(missing('organisation.audit-trail'), [`${MODEL} in STAGING v2: its run has no complete reproducibility record`]);
    }

    assert.equal(card.overall.stage, 'AD_HOC');
    assert.equal(card.overall.reason, 'held at Ad hoc by Data (Ground-truth labelling) and Operations & infrastructure (Production monitoring)');
    assert.deepEqual(
      card.dimensions.map((d) => [d.dimension, d.stage]),
      [
        ['DATA', 'AD_HOC'],
        ['MODEL', recordsCommit ? 'MANUAL_MLOPS' : 'DATA_OPS'],
        ['DEPLOYMENT', 'DATA_OPS'],
        ['OPERATIONS_AND_INFRASTRUCTURE', 'AD_HOC'],
        ['ORGANISATION', 'MANUAL_MLOPS'],
      ],
    );
    assert.equal(card.dimensions[2].reason, 'held at DataOps by Rollback; the other 2 elements stand higher');
  });

  test('served predictions with ground truth and a scan of live traffic move labelling and production monitoring', async () => {
    const [header, ...lines] = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n');
    const names = header.split(',');
    const rows = lines.slice(0, 20).map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i], value])));
    const serving = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    const servingUrl = `http://127.0.0.1:${await serving.listen(0)}`;
    const response = await fetch(`${servingUrl}/v2/models/${MODEL}/infer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'maturity-day', inputs: FEATURES.map((name) => ({ name, datatype: 'FP32', shape: [rows.length], data: rows.map((row) => Number(row[name])) })) }),
    });
    assert.equal(response.status, 200, await response.text());
    // Closing the serving process writes the prediction log rows it still holds.
    await serving.close();
    for (const [rowIndex, row] of rows.slice(0, 10).entries()) {
      const recorded = await harness.gql(RECORD_GROUND_TRUTH, { input: { modelName: MODEL, requestId: 'maturity-day', rowIndex, label: row.weather } }, TOKENS.engineer);
      assert.equal(recorded.errors, undefined, JSON.stringify(recorded.errors));
    }
    const triggered = await harness.gql(`mutation T($model: String!) { triggerDriftScan(modelName: $model, environment: STAGING, window: "1h") { workflowId } }`, { model: MODEL }, TOKENS.engineer);
    assert.equal(triggered.errors, undefined, JSON.stringify(triggered.errors));
    await harness.temporal.workflow.getHandle(triggered.data!.triggerDriftScan.workflowId).result();

    const card = await scorecard();
    const labelling = elementOf(card, 'data.ground-truth');
    assert.equal(labelling.stage, 'KAIZEN');
    assert.deepEqual(evidence(labelling, 'labelledPredictions'), {
      name: 'labelledPredictions',
      value: 0.5,
      detail: '10 of 20 served predictions with ground truth (50%)',
      scope: 'WINDOW',
    });
    const monitoring = elementOf(card, 'operations.production-monitoring');
    assert.equal(monitoring.stage, 'MANUAL_MLOPS');
    assert.deepEqual(monitoring.nextStage?.missing, [
      `no scheduled scan of live traffic in the last 4 weeks for ${MODEL} in STAGING: schedule one with scheduleDriftScan, or resume a paused schedule`,
    ]);
    assert.deepEqual(
      monitoring.evidence.map((e) => [e.name, e.value]),
      [
        ['predictionsLogged', 20],
        ['liveTrafficScans', 1],
        ['routesScannedBySchedule', 0],
        ['routesWithConceptDrift', 1],
      ],
    );
    assert.equal(evidence(elementOf(card, 'data.drift-monitoring'), 'driftReports')?.value, 1);
    assert.equal(card.overall.stage, 'DATA_OPS');
    assert.equal(
      card.overall.reason,
      recordsCommit ? 'held at DataOps by Deployment (Rollback)' : 'held at DataOps by Model (Training reproducibility) and Deployment (Rollback)',
    );
  });
});
