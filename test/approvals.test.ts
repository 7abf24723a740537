import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const GATE = `
  query G($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) {
      id status error stages { name status }
      modelName modelVersion { id }
      approvalGate { id workflowId subject { kind id title url } status environment requiredApprovals approvers requestedBy evidence deadline remindedAt decisions { actor decision channel comment } }
    }
  }`;
const DECIDE = `
  mutation D($input: DecideApprovalInput!) {
    decideApproval(input: $input) { id status decisions { actor decision channel comment } }
  }`;

describe('approval gates as durable workflow state, decided from GraphQL', () => {
  let harness: Harness;
  let datasetVersionId: string;
  let runs = 0;

  /** Starts a deploying pipeline as `token` and waits until its gate is open. */
  const openGate = async (deploy: Record<string, unknown>, token: string = TOKENS.engineer) => {
    runs += 1;
    const started = await harness.gql(
      START,
      {
        input: {
          // A model of its own per run: its first deployment becomes stable without a canary.
          modelName: `weather-${runs}`,
          datasetVersionId,
          target: 'weather',
          features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
          task: 'CLASSIFICATION',
          deploy: { environment: 'STAGING', remindAfter: '1h', expiresAfter: '2h', ...deploy },
        },
      },
      token,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const workflowId = started.data!.startModelPipeline.workflowId;
    const waiting = await waitForPipeline(harness, workflowId);
    assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
    return { workflowId, run: (await harness.gql(GATE, { workflowId })).data!.pipelineRun };
  };
  const decide = (gateId: string, decision: string, token: string, comment?: string) =>
    harness.gql(DECIDE, { input: { gateId, decision, comment } }, token);
  const finalRun = async (workflowId: string) => {
    await harness.temporal.workflow.getHandle(workflowId).result().catch(() => undefined);
    return (await harness.gql(GATE, { workflowId })).data!.pipelineRun;
  };

  before(async () => {
    harness = await startHarness();
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
  });
  after(async () => {
    await harness?.close();
  });

  test('a quorum of distinct approvers approves; each refusal is precise and leaves no trace', async () => {
    const { workflowId, run } = await openGate({ requiredApprovals: 2 });
    const gate = run.approvalGate;
    assert.deepEqual([gate.status, gate.environment, gate.requiredApprovals, gate.requestedBy], ['PENDING', 'STAGING', 2, 'engineer-user']);
    assert.deepEqual(gate.subject, { kind: 'model_version', id: run.modelVersion.id, title: `${run.modelName} → STAGING`, url: null });
    assert.equal(gate.workflowId, `${workflowId}:approval:STAGING`, 'the gate is an approvalGateWorkflow child of the run');
    assert.equal(gate.evidence.modelVersionId, run.modelVersion.id);
    assert.ok(gate.evidence.metrics.accuracy > 0.6 && gate.evidence.qualityChecks !== undefined && gate.evidence.topFeatures.length === 4);

    assertError(await decide(gate.id, 'APPROVE', TOKENS.engineer), 'FORBIDDEN', undefined, /role engineer may not perform this operation/);
    const first = await decide(gate.id, 'APPROVE', TOKENS.approver);
    assert.deepEqual(first.data!.decideApproval.status, 'PENDING', JSON.stringify(first));
    assertError(await decide(gate.id, 'APPROVE', TOKENS.approver), 'CONFLICT', 'input.gateId', /approver-user has already decided this gate/);
    const history = await harness.temporal.workflow.getHandle(gate.workflowId).fetchHistory();
    const updates = history.events!.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes).length;
    assert.equal(updates, 1, 'the refused decision wrote nothing to history');

    const second = await decide(gate.id, 'APPROVE', TOKENS.admin);
    assert.deepEqual(second.data!.decideApproval, {
      id: gate.id,
      status: 'APPROVED',
      decisions: [
        { actor: 'approver-user', decision: 'APPROVE', channel: 'graphql', comment: null },
        { actor: 'admin-user', decision: 'APPROVE', channel: 'graphql', comment: null },
      ],
    });
    const [stored] = await harness.dataSource.query(`SELECT status, closed_at FROM approval_gate WHERE id = $1`, [gate.id]);
    assert.equal(stored.status, 'APPROVED', 'the settling decision closed the gate in its own write, before its update returned');
    assert.ok(stored.closed_at);
    const done = await finalRun(workflowId);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    assert.deepEqual(done.stages.slice(-2).map((s: { name: string; status: string }) => `${s.name}:${s.status}`), ['approve:SUCCEEDED', 'deploy:SUCCEEDED']);
    const runEvents = (await harness.temporal.workflow.getHandle(workflowId).fetchHistory()).events!;
    const signalled = runEvents.findIndex((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'releaseGateSettled');
    const handedOver = runEvents.findIndex((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordStages');
    assert.ok(signalled >= 0 && handedOver > signalled, 'the gate told the run, which ended approve and began deploy in one write');
    assertError(await decide(gate.id, 'REJECT', TOKENS.ops, 'too late'), 'FORBIDDEN', undefined, /role ops/);

    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT actor, action FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [gate.id]);
    assert.deepEqual(audit.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`), [
      'system:pipeline:approval_gate.opened',
      'approver-user:approval_gate.approved_by',
      'admin-user:approval_gate.approved_by',
      'system:pipeline:approval_gate.approved',
    ]);
    const lineage = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 1) { nodes { kind } } }`, { id: gate.id });
    assert.deepEqual(lineage.data!.lineage.nodes.map((n: { kind: string }) => n.kind).sort(), ['approval_gate', 'model_version']);
    const verified = await harness.gql(`{ verifyAuditLog { ok } }`, {}, TOKENS.ops);
    assert.equal(verified.data!.verifyAuditLog.ok, true);
  });

  test('separation of duties, named approvers, and a rejection that needs a comment', async () => {
    const own = await openGate({ requiredApprovals: 1 }, TOKENS.admin);
    assertError(await decide(own.run.approvalGate.id, 'APPROVE', TOKENS.admin), 'FORBIDDEN', 'input.gateId', /admin-user requested this approval and cannot decide it/);

    const named = await openGate({ requiredApprovals: 1, approvers: ['admin-user'] });
    assertError(await decide(named.run.approvalGate.id, 'APPROVE', TOKENS.approver), 'FORBIDDEN', 'input.gateId', /approver-user is not one of this gate's approvers \(admin-user\)/);
    assertError(await decide(named.run.approvalGate.id, 'REJECT', TOKENS.admin), 'BAD_USER_INPUT', 'input.comment', /a rejection needs a comment/);
    const rejected = await decide(named.run.approvalGate.id, 'REJECT', TOKENS.admin, 'fog recall is too low');
    assert.equal(rejected.data!.decideApproval.status, 'REJECTED');
    const done = await finalRun(named.workflowId);
    assert.equal(done.status, 'REJECTED');
    assert.equal(done.error, 'rejected by admin-user: fog recall is too low');
    assertError(await decide(named.run.approvalGate.id, 'APPROVE', TOKENS.admin), 'CONFLICT', 'input.gateId', /decisions are closed/);

    const pending = await harness.gql(`{ approvalGates(status: PENDING) { edges { node { id } } } }`, {}, TOKENS.viewer);
    assert.ok(pending.data!.approvalGates.edges.some((e: { node: { id: string } }) => e.node.id === own.run.approvalGate.id));
  });

  test('a gate reminds, then expires, and the run ends EXPIRED', async () => {
    const { workflowId, run } = await openGate({ requiredApprovals: 1, remindAfter: '1s', expiresAfter: '3s' });
    const done = await finalRun(workflowId);
    assert.equal(done.status, 'EXPIRED', JSON.stringify(done));
    assert.equal(done.approvalGate.status, 'EXPIRED');
    assert.notEqual(done.approvalGate.remindedAt, null);
    await auditLogSealed(harness.dataSource);
    const actions = (await harness.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [run.approvalGate.id])).map((e: { action: string }) => e.action);
    assert.deepEqual(actions, ['approval_gate.opened', 'approval_gate.reminded', 'approval_gate.expired']);
  });

  test('a pending gate survives a worker restart and is decided afterwards', async () => {
    const { workflowId, run } = await openGate({ requiredApprovals: 1 });
    await harness.restartWorkers();
    const decided = await decide(run.approvalGate.id, 'APPROVE', TOKENS.approver);
    assert.equal(decided.data!.decideApproval.status, 'APPROVED', JSON.stringify(decided));
    assert.equal((await finalRun(workflowId)).status, 'SUCCEEDED');
  });

  test('cancelling a run at its gate cancels the gate too', async () => {
    const { workflowId, run } = await openGate({ requiredApprovals: 1 });
    await harness.temporal.workflow.getHandle(workflowId).cancel();
    const done = await finalRun(workflowId);
    assert.deepEqual([done.status, done.approvalGate.status, done.stages.at(-2).status], ['CANCELLED', 'CANCELLED', 'CANCELLED']);
    assertError(await decide(run.approvalGate.id, 'APPROVE', TOKENS.approver), 'CONFLICT', 'input.gateId', /gate is CANCELLED; decisions are closed/);
  });

  test('deploy requests are checked before anything starts', async () => {
    const base = { modelName: 'weather', datasetVersionId, target: 'weather', features: ['wind'], task: 'CLASSIFICATION' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ environment: 'PRODUCTION', approvers: ['approver-user'] }, 'input.deploy.requiredApprovals', /needs 2 approvals but names only 1 approvers/],
      [{ environment: 'STAGING', approvers: ['engineer-user'] }, 'input.deploy.approvers[0]', /holds no approver or admin role/],
      [{ environment: 'STAGING', approvers: ['viewer-user'] }, 'input.deploy.approvers[0]', /holds no approver or admin role/],
      [{ environment: 'STAGING', remindAfter: 'soon' }, 'input.deploy.remindAfter', /must be a duration like/],
      [{ environment: 'STAGING', remindAfter: '3d', expiresAfter: '1d' }, 'input.deploy.remindAfter', /shorter than expiresAfter/],
    ];
    for (const [deploy, field, message] of cases) {
      assertError(await harness.gql(START, { input: { ...base, deploy } }, TOKENS.engineer), 'BAD_USER_INPUT', field, message);
    }
  });
});
