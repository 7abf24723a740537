import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logger } from '../platform/logger';
import { createServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
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
      overall { stage complete reason }
      dimensions { dimension stage notAttested reason }
      elements {
        key dimension element paperElement practiceCodes source status stage stageDescription
        evidence { name value detail scope } nextStage { stage requirement missing }
        attestation { elementKey stage statement evidenceUrl attestedBy attestedAt }
      }
      useCases { name modelName regulatoryCompliance operationalExcellence desiredStage currentStage currentStageComplete alignment updatedBy }
    }
  }`;
const ATTEST = `mutation A($input: AttestMaturityElementInput!) { attestMaturityElement(input: $input) { elementKey stage statement evidenceUrl attestedBy } }`;
const SET_USE_CASE = `mutation U($input: MaturityUseCaseInput!) { setMaturityUseCase(input: $input) { name modelName desiredStage updatedBy } }`;
const DELETE_USE_CASE = `mutation X($name: String!) { deleteMaturityUseCase(name: $name) { name desiredStage } }`;
const UNOBSERVABLE = ['data.feature-store', 'model.code-versioning', 'organisation.roles', 'organisation.stakeholder-communication', 'organisation.team-communication'];

interface Element {
  key: string;
  source: string;
  status: string;
  stage: string | null;
  paperElement: string;
  practiceCodes: string[];
  attestation: { elementKey: string; stage: string; statement: string; evidenceUrl: string; attestedBy: string } | null;
  evidence: { name: string; value: number; detail: string; scope: string }[];
  nextStage: { stage: string; requirement: string; missing: string[] } | null;
}
interface Scorecard {
  weeks: number;
  since: string;
  until: string;
  source: string;
  overall: { stage: string | null; complete: boolean; reason: string };
  dimensions: { dimension: string; stage: string | null; notAttested: string[]; reason: string }[];
  elements: Element[];
  useCases: { name: string; modelName: string | null; desiredStage: string; currentStage: string | null; currentStageComplete: boolean; alignment: string; updatedBy: string }[];
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

  test('an empty deployment: the paper’s 17 elements, measured ones at Ad hoc saying what DataOps needs, unobservable ones not attested', async () => {
    const card = await scorecard();
    assert.equal(card.weeks, 4);
    assert.equal(new Date(card.until).getTime() - new Date(card.since).getTime(), 28 * 24 * 3600 * 1000);
    assert.match(card.source, /John, .*Olsson, .*Bosch.*10\.1016\/j\.infsof\.2025\.107725/);
    assert.equal(card.elements.length, 17);
    for (const element of card.elements) {
      if (UNOBSERVABLE.includes(element.key)) {
        assert.deepEqual([element.source, element.status, element.stage, element.nextStage, element.attestation], ['ATTESTED', 'NOT_ATTESTED', null, null, null], element.key);
      } else {
        assert.deepEqual([element.source, element.status, element.stage], ['MEASURED', 'MEASURED', 'AD_HOC'], element.key);
        assert.equal(element.nextStage?.stage, 'DATA_OPS', element.key);
        assert.ok(element.nextStage.missing.length > 0, element.key);
      }
    }
    assert.deepEqual(
      [elementOf(card, 'deployment.ci-cd').paperElement, elementOf(card, 'deployment.ci-cd').practiceCodes],
      ['CI/CD pipeline', ['DY2']],
    );
    assert.deepEqual(card.overall, {
      stage: 'AD_HOC',
      complete: false,
      reason:
        'held at Ad hoc by Data (Data management and quality, Data governance and audit and Data versioning), Model (Model development and quality assurance, Model registry and metadata and Reproducible training), ' +
        'Deployment (Release process, Release frequency and Release pipeline (CI/CD)) and Operations & infrastructure (Monitoring that triggers retraining, Retraining cadence and Infrastructure and tooling); ' +
        'incomplete until attested: Feature store, Code versioning and review, Roles, Communication with stakeholders and Communication within the team',
    });
    assert.deepEqual(
      card.dimensions.map((d) => [d.dimension, d.stage, d.notAttested]),
      [
        ['DATA', 'AD_HOC', ['Feature store']],
        ['MODEL', 'AD_HOC', ['Code versioning and review']],
        ['DEPLOYMENT', 'AD_HOC', []],
        ['OPERATIONS_AND_INFRASTRUCTURE', 'AD_HOC', []],
        ['ORGANISATION', null, ['Roles', 'Communication with stakeholders', 'Communication within the team']],
      ],
    );
    assert.deepEqual(card.useCases, []);
    assert.deepEqual(elementOf(card, 'data.versioning').nextStage?.missing, [
      'no dataset version is registered: register training data with registerDataset, which stores each version under its content hash',
    ]);
    assert.deepEqual(elementOf(card, 'data.governance').nextStage?.missing, ['the audit log is empty: every change made through Provenant is recorded there']);
    assert.deepEqual(evidence(elementOf(card, 'data.versioning'), 'datasetVersions'), {
      name: 'datasetVersions',
      value: 0,
      detail: '0 dataset versions registered, each stored under the SHA-256 of its content',
      scope: 'ALL_TIME',
    });
    assert.deepEqual(evidence(elementOf(card, 'data.governance'), 'auditChainVerified'), {
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
      'data.management': 'MANUAL_MLOPS',
      'data.governance': 'MANUAL_MLOPS',
      'data.versioning': 'MANUAL_MLOPS',
      'data.feature-store': null,
      'model.development': 'AUTOMATED_MLOPS',
      'model.code-versioning': null,
      'model.metadata': 'AUTOMATED_MLOPS',
      'model.reproducibility': recordsCommit ? 'KAIZEN' : 'DATA_OPS',
      'deployment.process': 'AUTOMATED_MLOPS',
      'deployment.frequency': 'MANUAL_MLOPS',
      'deployment.ci-cd': 'MANUAL_MLOPS',
      'operations.monitoring': 'AD_HOC',
      'operations.retraining': 'MANUAL_MLOPS',
      'operations.infrastructure': 'MANUAL_MLOPS',
      'organisation.roles': null,
      'organisation.stakeholder-communication': null,
      'organisation.team-communication': null,
    });

    const missing = (key: string) => elementOf(card, key).nextStage?.missing;
    assert.deepEqual(missing('data.management'), [
      `1 of 2 validated runs (50%) in the last 4 weeks had a data contract, 80% needed: pass expectations to startModelPipeline for ${MODEL}`,
    ]);
    assert.deepEqual(evidence(elementOf(card, 'data.management'), 'runsWithDataContract'), {
      name: 'runsWithDataContract',
      value: 0.5,
      detail: '1 of 2 validated runs with a data contract (50%)',
      scope: 'WINDOW',
    });
    assert.deepEqual(missing('data.governance'), ['no approval policy is set: an admin sets who may approve what with createApprovalPolicy']);
    assert.deepEqual(missing('model.development'), [
      'no candidate was compared with a champion in the last 4 weeks: name the version in use with setModelAlias (alias champion) so later runs are compared with it',
    ]);
    assert.deepEqual(missing('model.metadata'), [`set a champion alias (setModelAlias) for ${MODEL}`]);
    assert.deepEqual(missing('deployment.process'), [
      'no canary in the last 4 weeks was compared with a stable version under live traffic (a model’s first deployment becomes stable at once): release a new version of a deployed model',
    ]);
    assert.deepEqual(missing('deployment.frequency'), ['releases were promoted in 1 of 4 weeks (25%), 50% needed: release smaller changes more often']);
    assert.deepEqual(missing('deployment.ci-cd'), [
      'no canary in the last 4 weeks replaced a stable version under observation: release new versions of deployed models with deploy in startModelPipeline rather than promoteDeployment',
    ]);
    assert.deepEqual(missing('operations.retraining'), [
      'no retraining policy is enabled: setRetrainingPolicy with deploy so confirmed drift retrains the model and asks for approval',
    ]);
    assert.deepEqual(missing('operations.infrastructure'), ['no model is served in both STAGING and PRODUCTION: release to STAGING first, then to PRODUCTION']);
    assert.equal(evidence(elementOf(card, 'operations.infrastructure'), 'driftSchedules')?.value, 1);
    // The approval shows as context of the roles element, never as its stage.
    assert.deepEqual(evidence(elementOf(card, 'organisation.roles'), 'decisionsByOthers'), {
      name: 'decisionsByOthers',
      value: 1,
      detail: '1 of 1 approval decisions by someone other than the person who started the run (100%)',
      scope: 'WINDOW',
    });
    const reproducible = elementOf(card, 'model.reproducibility');
    assert.equal(evidence(reproducible, 'runsWithCompleteReproducibility')?.value, recordsCommit ? 1 : 0);
    if (recordsCommit) {
      // The release trained exactly what the first run trained: one model file for two identical records.
      assert.equal(evidence(reproducible, 'reproductionsVerified')?.value, 1);
      assert.equal(reproducible.nextStage, null);
    } else {
      assert.deepEqual(reproducible.nextStage?.missing, ['no run in the last 4 weeks recorded its code commit: run workers from a git checkout or set PROVENANT_GIT_COMMIT']);
    }

    assert.equal(card.overall.stage, 'AD_HOC');
    assert.match(card.overall.reason, /^held at Ad hoc by Operations & infrastructure \(Monitoring that triggers retraining\); incomplete until attested: /);
    assert.deepEqual(
      card.dimensions.map((d) => [d.dimension, d.stage]),
      [
        ['DATA', 'MANUAL_MLOPS'],
        ['MODEL', recordsCommit ? 'AUTOMATED_MLOPS' : 'DATA_OPS'],
        ['DEPLOYMENT', 'MANUAL_MLOPS'],
        ['OPERATIONS_AND_INFRASTRUCTURE', 'AD_HOC'],
        ['ORGANISATION', null],
      ],
    );
    assert.equal(card.dimensions[0].reason, 'all 3 counted elements stand at Manual MLOps; not attested, so not counted: Feature store');
    assert.equal(card.dimensions[2].reason, 'held at Manual MLOps by Release frequency and Release pipeline (CI/CD); the other 1 elements stand higher');
  });

  test('served predictions with ground truth and a scan of live traffic move the monitoring element', async () => {
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
    const monitoring = elementOf(card, 'operations.monitoring');
    assert.equal(monitoring.stage, 'MANUAL_MLOPS');
    assert.deepEqual(monitoring.nextStage?.missing, [
      `no scheduled scan of live traffic in the last 4 weeks for ${MODEL} in STAGING: schedule one with scheduleDriftScan, or resume a paused schedule`,
      'no retraining policy is enabled: setRetrainingPolicy so confirmed drift retrains the model when necessary',
    ]);
    assert.deepEqual(
      monitoring.evidence.map((e) => [e.name, e.value]),
      [
        ['predictionsLogged', 20],
        ['labelledPredictions', 0.5],
        ['driftReports', 1],
        ['liveTrafficScans', 1],
        ['routesScannedBySchedule', 0],
        ['routesWithConceptDrift', 1],
        ['enabledRetrainingPolicies', 0],
        ['deployedModelsRetrainingOnDataDrift', 0],
      ],
    );
    assert.equal(card.overall.stage, recordsCommit ? 'MANUAL_MLOPS' : 'DATA_OPS');
    if (!recordsCommit) assert.match(card.overall.reason, /^held at DataOps by Model \(Reproducible training\); incomplete until attested: /);
  });

  test('unobservable elements are attested by admins only, audited, and shown as attested on the scorecard; the newest counts', async () => {
    const claim = (element: string, stage: string) => ({ input: { element, stage, statement: `${element}: reviewed at the monthly MLOps forum`, evidenceUrl: 'https://wiki.example/mlops-forum' } });
    for (const token of [TOKENS.viewer, TOKENS.engineer, TOKENS.approver, TOKENS.ops]) {
      assertError(await harness.gql(ATTEST, claim('organisation.roles', 'KAIZEN'), token), 'FORBIDDEN', undefined, /may not perform this operation/);
    }
    assertError(await harness.gql(ATTEST, claim('data.versioning', 'KAIZEN')), 'BAD_USER_INPUT', 'input.element', /data\.versioning is measured from Provenant's own records and cannot be attested/);
    assertError(await harness.gql(ATTEST, { input: { ...claim('organisation.roles', 'KAIZEN').input, evidenceUrl: 'file:///etc/passwd' } }), 'BAD_USER_INPUT', 'input.evidenceUrl', /http or https/);
    const written = async () => (await harness.dataSource.query(`SELECT count(*)::int AS n FROM maturity_attestation`))[0].n;
    assert.equal(await written(), 0, 'a refused attestation writes nothing');

    const stages: Record<string, string> = {
      'data.feature-store': 'DATA_OPS',
      'model.code-versioning': 'MANUAL_MLOPS',
      'organisation.roles': 'MANUAL_MLOPS',
      'organisation.stakeholder-communication': 'AUTOMATED_MLOPS',
      'organisation.team-communication': 'MANUAL_MLOPS',
    };
    for (const [element, stage] of Object.entries(stages)) {
      const attested = await harness.gql(ATTEST, claim(element, stage));
      assert.deepEqual(attested.data?.attestMaturityElement, { elementKey: element, stage, statement: `${element}: reviewed at the monthly MLOps forum`, evidenceUrl: 'https://wiki.example/mlops-forum', attestedBy: 'admin-user' });
    }
    // Revised downwards: the newest attestation counts, the older one stays as history.
    await harness.gql(ATTEST, claim('organisation.stakeholder-communication', 'DATA_OPS'));
    assert.equal(await written(), 6);

    const card = await scorecard();
    for (const [element, stage] of Object.entries({ ...stages, 'organisation.stakeholder-communication': 'DATA_OPS' })) {
      const score = elementOf(card, element);
      assert.deepEqual([score.status, score.stage, score.attestation?.stage, score.attestation?.attestedBy], ['ATTESTED', stage, stage, 'admin-user'], element);
    }
    assert.equal(elementOf(card, 'organisation.stakeholder-communication').nextStage?.stage, 'MANUAL_MLOPS');
    assert.deepEqual(card.dimensions.at(-1), {
      dimension: 'ORGANISATION',
      stage: 'DATA_OPS',
      notAttested: [],
      reason: 'held at DataOps by Communication with stakeholders; the other 2 elements stand higher',
    });
    assert.equal(card.overall.complete, true);
    assert.equal(card.overall.stage, 'DATA_OPS');

    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT actor, subject_type, subject_id, payload->>'stage' AS stage FROM audit_event WHERE action = 'maturity.attested' ORDER BY sequence`);
    assert.deepEqual(
      audit.map((e: { actor: string; subject_type: string; subject_id: string; stage: string }) => `${e.actor}:${e.subject_type}:${e.subject_id}:${e.stage}`),
      [...Object.entries(stages), ['organisation.stakeholder-communication', 'DATA_OPS']].map(([element, stage]) => `admin-user:maturity_element:${element}:${stage}`),
    );
  });

  test('a use case’s taxonomy levels give its desired stage beside the measured one; admins set them, audited', async () => {
    const input = { name: 'weather alerts', modelName: MODEL, regulatoryCompliance: 'HIGH', operationalExcellence: 'HIGH', rationale: 'public safety warnings; must follow the weather within hours' };
    assertError(await harness.gql(SET_USE_CASE, { input }, TOKENS.ops), 'FORBIDDEN', undefined, /may not perform this operation/);
    assertError(await harness.gql(SET_USE_CASE, { input: { ...input, modelName: 'no-such-model' } }), 'NOT_FOUND', 'input.modelName', /model "no-such-model" not found/);
    assertError(await harness.gql(SET_USE_CASE, { input: { ...input, rationale: ' ' } }), 'BAD_USER_INPUT', 'input.rationale', /must say why/);
    assert.deepEqual((await harness.gql(SET_USE_CASE, { input })).data?.setMaturityUseCase, { name: 'weather alerts', modelName: MODEL, desiredStage: 'KAIZEN', updatedBy: 'admin-user' });

    let card = await scorecard();
    assert.deepEqual(card.useCases, [
      {
        name: 'weather alerts',
        modelName: MODEL,
        regulatoryCompliance: 'HIGH',
        operationalExcellence: 'HIGH',
        desiredStage: 'KAIZEN',
        currentStage: 'DATA_OPS',
        currentStageComplete: true,
        alignment: 'BELOW',
        updatedBy: 'admin-user',
      },
    ]);

    await harness.gql(SET_USE_CASE, { input: { ...input, regulatoryCompliance: 'LOW', operationalExcellence: 'LOW' } });
    card = await scorecard();
    assert.deepEqual(card.useCases.map((u) => [u.desiredStage, u.currentStage, u.alignment]), [['AD_HOC', 'DATA_OPS', 'ABOVE']]);
    // Every role may read the use cases and their desired stages: they are light.
    const listed = await harness.gql(`{ maturityUseCases { name desiredStage } }`, {}, TOKENS.viewer);
    assert.deepEqual(listed.data?.maturityUseCases, [{ name: 'weather alerts', desiredStage: 'AD_HOC' }]);

    assertError(await harness.gql(DELETE_USE_CASE, { name: 'weather alerts' }, TOKENS.engineer), 'FORBIDDEN', undefined, /may not perform this operation/);
    assert.deepEqual((await harness.gql(DELETE_USE_CASE, { name: 'weather alerts' })).data?.deleteMaturityUseCase, { name: 'weather alerts', desiredStage: 'AD_HOC' });
    assertError(await harness.gql(DELETE_USE_CASE, { name: 'weather alerts' }), 'NOT_FOUND', 'name', /use case "weather alerts" not found/);
    assert.deepEqual((await scorecard()).useCases, []);

    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT actor, action, payload->'useCase'->>'desiredStage' AS desired FROM audit_event WHERE subject_type = 'maturity_use_case' ORDER BY sequence`);
    assert.deepEqual(
      audit.map((e: { actor: string; action: string; desired: string }) => `${e.actor}:${e.action}:${e.desired}`),
      ['admin-user:maturity.use_case_created:KAIZEN', 'admin-user:maturity.use_case_updated:AD_HOC', 'admin-user:maturity.use_case_deleted:AD_HOC'],
    );
  });
});
