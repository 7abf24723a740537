import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApprovalGateActivities } from '../activities/approval-gate.activities';
import { DRIFT_MONITOR_ACTOR } from '../domain/drift';
import { logger } from '../platform/logger';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const MODEL = 'weather-policy';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const SECOND_APPROVER = 'approver-token-2';
const OUTSIDE_APPROVER = 'approver-token-3';

const POLICY_FIELDS = 'id name version modelPattern environment minApprovals approverRoles approvers excludedApprovers remindAfter expiresAfter createdBy updatedBy';
const CREATE = `mutation C($input: ApprovalPolicyInput!) { createApprovalPolicy(input: $input) { ${POLICY_FIELDS} } }`;
const UPDATE = `mutation U($id: ID!, $input: ApprovalPolicyInput!) { updateApprovalPolicy(id: $id, input: $input) { ${POLICY_FIELDS} } }`;
const DELETE = `mutation D($id: ID!) { deleteApprovalPolicy(id: $id) { id name version } }`;
const LIST = `{ approvalPolicies { id name version } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RUN = `query R($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status error modelVersion { id } approvalGate {
  id status policy policyId policyVersion requiredApprovals approvers approverRoles policyApprovers excludedApprovers deadline createdAt } } }`;
const DECIDE = `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`;

/** Production releases of the weather models: two approvals, by admins or approver-user, never by second-approver, within a day. */
const PRODUCTION_POLICY = {
  name: 'weather-production',
  modelPattern: 'weather-*',
  environment: 'PRODUCTION',
  minApprovals: 2,
  approverRoles: ['ADMIN'],
  approvers: ['approver-user'],
  excludedApprovers: ['second-approver'],
  remindAfter: '2h',
  expiresAfter: '1d',
};

describe('approval policies: admins own them, pipelines may tighten them, gates and decisions follow them', () => {
  let harness: Harness;
  let datasetVersionId: string;
  let productionPolicyId: string;
  let runs = 0;

  const start = (deploy: Record<string, unknown>, token: string = TOKENS.engineer) =>
    harness.gql(
      START,
      {
        input: {
          modelName: MODEL,
          datasetVersionId,
          target: 'weather',
          features: FEATURES,
          task: 'CLASSIFICATION',
          runKey: `policy-${++runs}`,
          deploy: { environment: 'PRODUCTION', canary: { steps: [100], observationWindow: '1s', minRequests: 0 }, ...deploy },
        },
      },
      token,
    );

  before(async () => {
    harness = await startHarness({
      extraTokens: [`${SECOND_APPROVER}:approver:second-approver`, `${OUTSIDE_APPROVER}:approver:outside-approver`],
    });
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
  });
  after(async () => {
    await harness?.close();
  });

  test('admins create, change and delete policies; every role reads them; every change is audited', async () => {
    const created = await harness.gql(CREATE, { input: PRODUCTION_POLICY });
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const policy = created.data!.createApprovalPolicy;
    productionPolicyId = policy.id;
    assert.deepEqual(
      { ...policy, id: undefined },
      { ...PRODUCTION_POLICY, id: undefined, version: 1, createdBy: 'admin-user', updatedBy: 'admin-user' },
    );
    for (const token of [TOKENS.viewer, TOKENS.engineer, TOKENS.approver, TOKENS.ops]) {
      assert.deepEqual((await harness.gql(LIST, {}, token)).data!.approvalPolicies, [{ id: policy.id, name: 'weather-production', version: 1 }]);
    }
    assertError(await harness.gql(CREATE, { input: { ...PRODUCTION_POLICY, name: 'ops-own' } }, TOKENS.ops), 'FORBIDDEN', undefined, /^role ops may not perform this operation$/);

    // Each rule is checked, and named when wrong.
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ name: 'weather-production' }, 'input.name', /already exists/],
      [{ name: 'other', modelPattern: 'weather-*' }, 'input.modelPattern', /weather-production already governs weather-\* in PRODUCTION/],
      [{ name: 'Bad Name' }, 'input.name', /lower-case letters/],
      [{ name: 'no-pattern', modelPattern: null }, 'input.environment', /applies only with a modelPattern/],
      [{ name: 'odd-pattern', modelPattern: 'weather/*' }, 'input.modelPattern', /glob/],
      [{ name: 'viewer-approves', modelPattern: 'x-*', approvers: ['viewer-user'] }, 'input.approvers[0]', /holds no approver or admin role/],
      [{ name: 'both', modelPattern: 'x-*', excludedApprovers: ['approver-user'] }, 'input.excludedApprovers[0]', /also named in approvers/],
      [{ name: 'too-few', modelPattern: 'x-*', approverRoles: [], approvers: ['approver-user'] }, 'input.minApprovals', /only 1 people may approve/],
      [{ name: 'late-reminder', modelPattern: 'x-*', remindAfter: '2d' }, 'input.remindAfter', /shorter than expiresAfter/],
      [{ name: 'forever', modelPattern: 'x-*', expiresAfter: '100d' }, 'input.expiresAfter', /at most 90d/],
    ];
    for (const [change, field, message] of refusals) {
      assertError(await harness.gql(CREATE, { input: { ...PRODUCTION_POLICY, ...change } }), 'BAD_USER_INPUT', field, message);
    }

    const updated = (await harness.gql(UPDATE, { id: policy.id, input: { ...PRODUCTION_POLICY, remindAfter: '1h' } })).data!.updateApprovalPolicy;
    assert.deepEqual([updated.version, updated.remindAfter], [2, '1h']);
    const restored = (await harness.gql(UPDATE, { id: policy.id, input: PRODUCTION_POLICY })).data!.updateApprovalPolicy;
    assert.equal(restored.version, 3);

    const scratch = (await harness.gql(CREATE, { input: { ...PRODUCTION_POLICY, name: 'scratch', modelPattern: null, environment: null } })).data!.createApprovalPolicy;
    assertError(await harness.gql(DELETE, { id: scratch.id }, TOKENS.approver), 'FORBIDDEN', undefined, /^role approver may not perform this operation$/);
    assert.deepEqual((await harness.gql(DELETE, { id: scratch.id })).data!.deleteApprovalPolicy, { id: scratch.id, name: 'scratch', version: 1 });
    assert.deepEqual((await harness.gql(LIST)).data!.approvalPolicies.map((p: { name: string }) => p.name), ['weather-production']);
    assertError(await harness.gql(DELETE, { id: scratch.id }), 'NOT_FOUND', 'id', /approval policy/);

    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT actor, action, subject_id, payload FROM audit_event WHERE subject_type = 'approval_policy' ORDER BY sequence`);
    assert.deepEqual(
      audit.map((e: { actor: string; action: string; subject_id: string }) => `${e.actor}:${e.action}:${e.subject_id === policy.id ? 'weather-production' : 'scratch'}`),
      [
        'admin-user:approval_policy.created:weather-production',
        'admin-user:approval_policy.updated:weather-production',
        'admin-user:approval_policy.updated:weather-production',
        'admin-user:approval_policy.created:scratch',
        'admin-user:approval_policy.deleted:scratch',
      ],
    );
    assert.deepEqual([audit[1].payload.previous.remindAfterMs, audit[1].payload.policy.remindAfterMs, audit[1].payload.policy.version], [7_200_000, 3_600_000, 2]);
    assert.deepEqual(audit[0].payload.policy.excludedApprovers, ['second-approver']);
    assert.equal(audit[4].payload.policy.name, 'scratch');
  });

  test('a deploy request that loosens the policy is refused, naming the field; nothing starts', async () => {
    const before_ = await harness.dataSource.query('SELECT count(*)::int AS runs FROM pipeline_run');
    assertError(await start({ requiredApprovals: 1 }), 'BAD_USER_INPUT', 'input.deploy.requiredApprovals', /must be at least 2 under approval policy weather-production \(v3\) \(asked for 1\)/);
    assertError(await start({ expiresAfter: '3d' }), 'BAD_USER_INPUT', 'input.deploy.expiresAfter', /must be at most 1d under approval policy weather-production \(v3\) \(asked for 3d\)/);
    assertError(await start({ remindAfter: '4h' }), 'BAD_USER_INPUT', 'input.deploy.remindAfter', /must be at most 2h/);
    assertError(await start({ approvers: ['approver-user', 'second-approver'] }), 'BAD_USER_INPUT', 'input.deploy.approvers[1]', /second-approver is excluded from approving/);
    assertError(await start({ approvers: ['outside-approver', 'admin-user'] }), 'BAD_USER_INPUT', 'input.deploy.approvers[0]', /outside-approver may not approve under approval policy weather-production \(v3\), which lets the admin role or approver-user approve/);
    // Another environment is not governed by it.
    const staging = await start({ environment: 'STAGING', requiredApprovals: 1, expiresAfter: '3d', approvers: ['outside-approver'] });
    assert.equal(staging.errors, undefined, JSON.stringify(staging.errors));
    await harness.temporal.workflow.getHandle(staging.data!.startModelPipeline.workflowId).cancel();
    assert.deepEqual(await harness.dataSource.query('SELECT count(*)::int AS runs FROM pipeline_run'), [{ runs: before_[0].runs + 1 }], 'only the STAGING run started');
  });

  test('a tighter request is accepted, the gate records the policy, and people it excludes or does not allow are refused at decision time', async () => {
    const started = await start({ requiredApprovals: 2, expiresAfter: '12h', approvers: ['approver-user', 'admin-user'] });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const defaults = await start({});
    assert.equal(defaults.errors, undefined, JSON.stringify(defaults.errors));
    const [tight, loose] = [started.data!.startModelPipeline.workflowId, defaults.data!.startModelPipeline.workflowId];
    const deployOf = async (workflowId: string) =>
      (await harness.dataSource.query(`SELECT input->'deploy' AS deploy FROM pipeline_run WHERE workflow_id = $1`, [workflowId]))[0].deploy;
    assert.deepEqual(
      [(await deployOf(tight)).expiresAfterMs, (await deployOf(tight)).remindAfterMs],
      [12 * 3_600_000, 2 * 3_600_000],
      'a reminder left out comes from the policy when it is sooner than the default',
    );
    assert.deepEqual(
      [(await deployOf(loose)).requiredApprovals, (await deployOf(loose)).expiresAfterMs, (await deployOf(loose)).remindAfterMs],
      [2, 86_400_000, 2 * 3_600_000],
      'what the request leaves out comes from the policy',
    );

    assert.equal((await waitForPipeline(harness, loose)).status, 'AWAITING_APPROVAL');
    const gate = (await harness.gql(RUN, { workflowId: loose })).data!.pipelineRun.approvalGate;
    assert.deepEqual(
      [gate.policy, gate.policyId, gate.policyVersion, gate.requiredApprovals, gate.approvers, gate.approverRoles, gate.policyApprovers, gate.excludedApprovers],
      ['weather-production', productionPolicyId, 3, 2, [], ['ADMIN'], ['approver-user'], ['second-approver']],
    );
    const decide = (token: string) => harness.gql(DECIDE, { input: { gateId: gate.id, decision: 'APPROVE' } }, token);
    assertError(await decide(SECOND_APPROVER), 'FORBIDDEN', 'input.gateId', /second-approver is excluded from deciding this gate \(approval policy weather-production \(v3\); separation of duties\)/);
    assertError(await decide(OUTSIDE_APPROVER), 'FORBIDDEN', 'input.gateId', /approval policy weather-production \(v3\) lets only the admin role or approver-user decide this gate, not outside-approver \(approver\)/);
    assert.equal((await decide(TOKENS.admin)).data!.decideApproval.status, 'PENDING');
    assert.equal((await decide(TOKENS.approver)).data!.decideApproval.status, 'APPROVED');
    await harness.temporal.workflow.getHandle(loose).result();
    assert.equal((await harness.gql(RUN, { workflowId: loose })).data!.pipelineRun.status, 'SUCCEEDED');
    await harness.temporal.workflow.getHandle(tight).cancel();
  });

  test('changing the policy changes gates opened afterwards: the activity tightens what the run asked for when it started', async () => {
    const started = await start({ requiredApprovals: 2 });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const workflowId = started.data!.startModelPipeline.workflowId;
    // Three approvals from now on: the run asked for two when the policy said two.
    const changed = await harness.gql(UPDATE, { id: productionPolicyId, input: { ...PRODUCTION_POLICY, minApprovals: 3, approverRoles: ['ADMIN', 'APPROVER'], approvers: [] } });
    assert.equal(changed.data!.updateApprovalPolicy.version, 4);
    assert.equal((await waitForPipeline(harness, workflowId)).status, 'AWAITING_APPROVAL');
    const gate = (await harness.gql(RUN, { workflowId })).data!.pipelineRun.approvalGate;
    assert.deepEqual([gate.policyVersion, gate.requiredApprovals, gate.approverRoles], [4, 3, ['ADMIN', 'APPROVER']]);
    await harness.temporal.workflow.getHandle(workflowId).cancel();
  });

  test('a drift-triggered run’s gate excludes whoever last set the retraining policy, who may not name themselves either', async () => {
    const SET = `mutation S($input: SetRetrainingPolicyInput!) { setRetrainingPolicy(input: $input) { updatedBy } }`;
    const input = { modelName: MODEL, enabled: true, consecutiveDriftedScans: 2, onConceptDrift: false, cooldown: '1d', deploy: { environment: 'STAGING', requiredApprovals: 1 } };
    assertError(
      await harness.gql(SET, { input: { ...input, deploy: { ...input.deploy, approvers: ['admin-user'] } } }),
      'BAD_USER_INPUT',
      'input.deploy.approvers[0]',
      /admin-user sets this retraining policy, so may not approve the runs it starts/,
    );
    assert.equal((await harness.gql(SET, { input })).data!.setRetrainingPolicy.updatedBy, 'admin-user');

    // A run as the drift monitor records it (db/pipeline-runs.ts), of a registered version, at its gate.
    const [{ id: versionId, pipeline_run_id: trainedBy }] = await harness.dataSource.query(
      `SELECT v.id, v.pipeline_run_id FROM model_version v JOIN model m ON m.id = v.model_id WHERE m.name = $1 ORDER BY v.version LIMIT 1`,
      [MODEL],
    );
    const workflowId = `drift:policy-test:${Date.now()}`;
    await harness.dataSource.query(
      `INSERT INTO pipeline_run (workflow_id, model_name, dataset_version_id, status, current_stage, stages, input, requested_by, model_version_id)
       SELECT $2, model_name, dataset_version_id, 'RUNNING', 'approve', stages, input, $3, $4 FROM pipeline_run WHERE id = $1`,
      [trainedBy, workflowId, DRIFT_MONITOR_ACTOR, versionId],
    );
    const { openApprovalGate } = createApprovalGateActivities({ dataSource: harness.dataSource, store: artifactStoreFor(harness.config), logger, config: harness.config });
    const gate = await openApprovalGate({
      workflowId: `${workflowId}:approval:STAGING`,
      spec: {
        subject: { kind: 'model_version', id: versionId, title: `${MODEL} → STAGING`, url: null },
        requestedBy: DRIFT_MONITOR_ACTOR,
        policy: null,
        evidenceLinks: [],
        requiredApprovals: 1,
        approvers: [],
        remindAfterMs: 3_600_000,
        expiresAfterMs: 7_200_000,
        release: { pipelineWorkflowId: workflowId, modelVersionId: versionId, environment: 'STAGING' },
      },
    });
    assert.deepEqual([gate.requestedBy, gate.policy, gate.excludedApprovers], [DRIFT_MONITOR_ACTOR, null, ['admin-user']]);
    // The API refuses before it reaches any workflow.
    assertError(
      await harness.gql(DECIDE, { input: { gateId: gate.gateId, decision: 'APPROVE' } }),
      'FORBIDDEN',
      'input.gateId',
      /admin-user is excluded from deciding this gate \(separation of duties\)/,
    );
  });
});
