import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { Client, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { ApprovalRequest } from '../domain/approval-request';
import { attestDecision } from '../domain/decision-attestation';
import { decideGateUpdate } from '../domain/workflow-contracts';
import { ProvenantPlugin } from '../plugin/provenant-plugin';
import { auditLogSealed } from '../db/audit-log';
import { assertError, startHarness, TOKENS, type Harness } from './support/harness';
import { openInChromium } from './support/headless-chromium';

const GATES = `query G($status: GateStatus) { approvalGates(status: $status, first: 100) {
  edges { node { id workflowId status policy policyId policyVersion approverRoles policyApprovers excludedApprovers requestedBy requiredApprovals deadline createdAt
    subject { kind id title url } evidenceLinks { label url } evidence decisions { actor decision } } } } }`;
const CREATE_POLICY = `mutation P($input: ApprovalPolicyInput!) { createApprovalPolicy(input: $input) { id name version } }`;
const DECIDE = `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { id status } }`;

/**
 * A user's own workflow on a user's own worker (ProvenantPlugin, Provenant's workflows
 * re-exported, its own task queue) asks for approval with `requestApproval`; people decide
 * through Provenant's API; the gate is the same, audited one a model release has.
 */
describe('requestApproval from a user workflow on a worker built with ProvenantPlugin', () => {
  let harness: Harness;
  let worker: Worker;
  let running: Promise<void>;
  let plugin: ProvenantPlugin;
  let connection: NativeConnection;
  let taskQueue: string;
  let runs = 0;

  before(async () => {
    harness = await startHarness();
    taskQueue = `${harness.config.taskQueuePrefix}.user-reports`;
    plugin = new ProvenantPlugin({
      databaseUrl: harness.databaseUrl,
      dataDir: harness.config.dataDir,
      taskQueuePrefix: harness.config.taskQueuePrefix,
      decisionVerifyKeys: harness.config.decisionVerifyKeys,
      publicUrl: harness.url,
    });
    // The policy the requests name: finance approves, within a week.
    const policy = await harness.gql(CREATE_POLICY, {
      input: { name: 'finance-sign-off', minApprovals: 1, approverRoles: ['APPROVER', 'ADMIN'], remindAfter: '1d', expiresAfter: '7d' },
    });
    assert.equal(policy.errors, undefined, JSON.stringify(policy.errors));
    connection = await NativeConnection.connect({ address: harness.config.temporalAddress! });
    worker = await Worker.create({ connection, taskQueue, workflowsPath: require.resolve('./fixtures/user-workflows/workflows'), plugins: [plugin] });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await plugin?.close();
    await connection?.close();
    await harness?.close();
  });

  const request = (overrides: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
    subject: { kind: 'report', id: `q${++runs}-2026`, title: `Quarterly risk report #${runs}`, url: 'https://reports.example/q4' },
    requestedBy: 'engineer-user',
    policy: 'finance-sign-off',
    evidenceLinks: [{ label: 'Draft', url: 'https://reports.example/q4/draft' }],
    ...overrides,
  });

  async function startReport(overrides: Partial<ApprovalRequest> = {}) {
    const input = request(overrides);
    const handle = await harness.temporal.workflow.start('publishReportWorkflow', { taskQueue, workflowId: `report-${input.subject.id}-${randomBytes(3).toString('hex')}`, args: [input] });
    return { handle, input, gate: await openGateOf(input.subject.id) };
  }

  async function openGateOf(subjectId: string): Promise<Record<string, any>> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const { data } = await harness.gql(GATES, { status: 'PENDING' }, TOKENS.viewer);
      const gate = data!.approvalGates.edges.map((e: { node: Record<string, any> }) => e.node).find((g: Record<string, any>) => g.subject.id === subjectId);
      if (gate) return gate;
    }
    throw new Error(`no open gate for ${subjectId} within 30 s`);
  }

  const decide = (gateId: string, decision: 'APPROVE' | 'REJECT', token: string, comment?: string) =>
    harness.gql(DECIDE, { input: { gateId, decision, comment } }, token);

  test('approved through the API as another user: the workflow completes APPROVED, audited and in lineage', async () => {
    const { handle, gate } = await startReport();
    assert.equal(gate.subject.kind, 'report');
    assert.equal(gate.subject.url, 'https://reports.example/q4');
    assert.equal(gate.policy, 'finance-sign-off');
    assert.deepEqual(gate.evidenceLinks, [{ label: 'Draft', url: 'https://reports.example/q4/draft' }]);
    assert.equal(gate.evidence, null);
    assert.equal(gate.workflowId.startsWith(`${handle.workflowId}:approval:`), true, gate.workflowId);
    assert.equal((await decide(gate.id, 'APPROVE', TOKENS.approver)).data!.decideApproval.status, 'APPROVED');

    const result = await handle.result();
    assert.equal(result.published, true);
    assert.equal(result.outcome.status, 'APPROVED');
    assert.deepEqual(result.outcome.decisions.map((d: { actor: string; decision: string }) => `${d.actor}:${d.decision}`), ['approver-user:APPROVE']);
    assert.match(result.outcome.decisions[0].attestation.signature, /^[0-9a-f]{128}$/);

    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT actor, action, payload FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [gate.id]);
    assert.deepEqual(audit.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`), [
      'engineer-user:approval_gate.opened',
      'approver-user:approval_gate.approved_by',
      'system:pipeline:approval_gate.approved',
    ]);
    assert.deepEqual(audit[0].payload.subject, { kind: 'report', id: gate.subject.id, title: gate.subject.title, url: 'https://reports.example/q4' });
    assert.match(audit[1].payload.attestation.signature, /^[0-9a-f]{128}$/);
    const lineage = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 1) { nodes { id kind label } } }`, { id: gate.id });
    assert.deepEqual(lineage.data!.lineage.nodes, [{ id: gate.id, kind: 'approval_gate', label: `approval: ${gate.subject.title}` }]);
  });

  test('the web UI shows the request with its subject, policy and evidence links, and an approver approves it there', async () => {
    const { handle, gate } = await startReport();
    const browser = await openInChromium(`${harness.url}/ui`);
    try {
      const { page } = browser;
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Sign in', exact: true }).click();
      await page.getByLabel('Bearer token').fill(TOKENS.approver);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('identity').filter({ hasText: 'approver-user' }).waitFor();
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Approval queue', exact: true }).click();
      const card = page.locator(`article[data-gate-id="${gate.id}"]`);
      await card.waitFor();
      assert.equal(await card.getByRole('heading', { level: 2 }).textContent(), gate.subject.title);
      const text = (await card.textContent())!;
      assert.match(text, /Policyfinance-sign-off/);
      assert.match(text, new RegExp(`Subjectreport ${gate.subject.id}`));
      assert.equal(await card.getByRole('link', { name: 'Draft' }).getAttribute('href'), 'https://reports.example/q4/draft');
      await card.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('status').filter({ hasText: 'You approved' }).waitFor();
      assert.equal(await page.getByRole('status').filter({ hasText: 'You approved' }).textContent(), `You approved ${gate.subject.title}: the gate is now APPROVED.`);
    } finally {
      await browser.close();
    }
    assert.equal((await handle.result()).outcome.status, 'APPROVED');
  });

  test('a rejection ends the workflow REJECTED with the comment', async () => {
    const { handle, gate } = await startReport();
    assert.equal((await decide(gate.id, 'REJECT', TOKENS.admin, 'figures for March are missing')).data!.decideApproval.status, 'REJECTED');
    const result = await handle.result();
    assert.deepEqual([result.published, result.outcome.status, result.outcome.decisions[0].comment], [false, 'REJECTED', 'figures for March are missing']);
  });

  test('decisions the quorum rules refuse do not count, and the gate expires', async () => {
    const { handle, gate } = await startReport({ requestedBy: 'admin-user', requiredApprovals: 2, expiresAfter: '4s', remindAfter: '1s' });
    assertError(await decide(gate.id, 'APPROVE', TOKENS.admin), 'FORBIDDEN', 'input.gateId', /admin-user requested this approval and cannot decide it/);
    assert.equal((await decide(gate.id, 'APPROVE', TOKENS.approver)).data!.decideApproval.status, 'PENDING');
    assertError(await decide(gate.id, 'APPROVE', TOKENS.approver), 'CONFLICT', 'input.gateId', /approver-user has already decided this gate/);
    const result = await handle.result();
    assert.equal(result.outcome.status, 'EXPIRED');
    assert.deepEqual(result.outcome.decisions.map((d: { actor: string }) => d.actor), ['approver-user']);
  });

  test('left alone, the request expires', async () => {
    const { handle } = await startReport({ expiresAfter: 2000, remindAfter: 1000 });
    assert.equal((await handle.result()).outcome.status, 'EXPIRED');
  });

  test('a decideGate update sent straight through Temporal, bypassing the API, is refused and leaves no trace', async () => {
    const { handle, gate } = await startReport();
    const gateHandle = harness.temporal.workflow.getHandle(gate.workflowId);
    const bare = { actor: 'approver-user', role: 'approver' as const, decision: 'APPROVE' as const, comment: null, channel: 'graphql' as const };
    const refusals: [string, unknown][] = [
      ['no attestation', bare],
      ['signed with a key the worker does not trust', attestDecision(bare, gate.id, randomBytes(32).toString('hex'), new Date())],
      ['attested for another gate', attestDecision(bare, '00000000-0000-4000-8000-000000000000', harness.config.decisionSigningKey!, new Date())],
      ['stale', attestDecision(bare, gate.id, harness.config.decisionSigningKey!, new Date(Date.now() - 10 * 60_000))],
      ['altered after signing', { ...attestDecision({ ...bare, actor: 'viewer-user' }, gate.id, harness.config.decisionSigningKey!, new Date()), actor: 'approver-user' }],
    ];
    for (const [why, update] of refusals) {
      await assert.rejects(
        gateHandle.executeUpdate(decideGateUpdate, { args: [update as never] }),
        (error: unknown) => error instanceof WorkflowUpdateFailedError && /attestation|attested/.test(String((error.cause as Error)?.message)),
        why,
      );
    }
    const history = await gateHandle.fetchHistory();
    assert.equal(history.events!.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes).length, 0, 'no refused update reached history');
    // The same decision through the API goes through.
    assert.equal((await decide(gate.id, 'APPROVE', TOKENS.approver)).data!.decideApproval.status, 'APPROVED');
    assert.equal((await handle.result()).outcome.status, 'APPROVED');
  });

  test('a gate cancelled through a Client with ProvenantPlugin resolves CANCELLED, and the cancel is audited', async () => {
    const { handle, gate } = await startReport();
    const client = new Client({ connection: harness.temporal.connection, namespace: harness.config.temporalNamespace, plugins: [plugin], identity: 'ops-oncall@host' });
    await client.workflow.getHandle(gate.workflowId).cancel();
    const result = await handle.result();
    assert.deepEqual([result.published, result.outcome.status], [false, 'CANCELLED']);
    await auditLogSealed(harness.dataSource);
    const cancels = await harness.dataSource.query(`SELECT actor, payload FROM audit_event WHERE subject_id = $1 AND action = 'temporal.workflow.cancelled'`, [gate.workflowId]);
    assert.deepEqual(cancels.map((e: { actor: string; payload: { workflowType: string; outcome: string } }) => [e.actor, e.payload.workflowType, e.payload.outcome]), [
      ['ops-oncall@host', 'approvalGateWorkflow', 'succeeded'],
    ]);
    const closed = await harness.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [gate.id]);
    assert.deepEqual(closed.map((e: { action: string }) => e.action), ['approval_gate.opened', 'approval_gate.cancelled']);
  });

  test('a named policy tightens the gate: more approvals, an earlier expiry, and people it excludes are refused by the API and by the workflow', async () => {
    const created = await harness.gql(CREATE_POLICY, {
      input: { name: 'board-sign-off', minApprovals: 2, approverRoles: ['APPROVER', 'ADMIN'], excludedApprovers: ['admin-user'], remindAfter: '2s', expiresAfter: '5s' },
    });
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const policy = created.data!.createApprovalPolicy;
    // The request asks for one approval within an hour; the policy says two within five seconds.
    const { handle, gate } = await startReport({ policy: 'board-sign-off', requiredApprovals: 1, expiresAfter: '1h', remindAfter: '30m' });
    assert.deepEqual(
      [gate.policy, gate.policyId, gate.policyVersion, gate.requiredApprovals, gate.approverRoles, gate.excludedApprovers],
      ['board-sign-off', policy.id, 1, 2, ['APPROVER', 'ADMIN'], ['admin-user']],
    );
    const lifetime = Date.parse(gate.deadline) - Date.parse(gate.createdAt);
    assert.ok(lifetime > 4_000 && lifetime < 6_000, `the gate lives as long as the policy says, not the request: ${lifetime} ms`);

    assertError(await decide(gate.id, 'APPROVE', TOKENS.admin), 'FORBIDDEN', 'input.gateId', /admin-user is excluded from deciding this gate \(approval policy board-sign-off \(v1\)/);
    // Straight to the workflow, attested by the API's key: its validator refuses it by the same rule.
    const attested = attestDecision({ actor: 'admin-user', role: 'admin', decision: 'APPROVE', comment: null, channel: 'graphql' }, gate.id, harness.config.decisionSigningKey!, new Date());
    await assert.rejects(
      harness.temporal.workflow.getHandle(gate.workflowId).executeUpdate(decideGateUpdate, { args: [attested] }),
      (error: unknown) => error instanceof WorkflowUpdateFailedError && /admin-user is excluded from deciding this gate/.test(String((error.cause as Error)?.message)),
    );
    assert.equal((await decide(gate.id, 'APPROVE', TOKENS.approver)).data!.decideApproval.status, 'PENDING', 'one approval of the two the policy asks for');

    const result = await handle.result();
    assert.equal(result.outcome.status, 'EXPIRED', 'the workflow expired the gate when the policy said, not after the hour asked for');
    assert.deepEqual(result.outcome.decisions.map((d: { actor: string }) => d.actor), ['approver-user']);
    await auditLogSealed(harness.dataSource);
    const [opened] = await harness.dataSource.query(`SELECT payload FROM audit_event WHERE subject_id = $1 AND action = 'approval_gate.opened'`, [gate.id]);
    assert.deepEqual([opened.payload.policy, opened.payload.policyId, opened.payload.policyVersion, opened.payload.excludedApprovers], ['board-sign-off', policy.id, 1, ['admin-user']]);
  });

  test('a request naming a policy nobody created fails at once: InvalidInput naming request.policy', async () => {
    const handle = await harness.temporal.workflow.start('publishReportWorkflow', {
      taskQueue,
      workflowId: `report-unknown-policy-${randomBytes(3).toString('hex')}`,
      args: [request({ policy: 'no-such-policy' })],
    });
    const failure = await handle.result().then(
      () => assert.fail('the workflow should have failed'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof WorkflowFailedError, String(failure));
    const causes: { type?: string; message: string; nonRetryable?: boolean }[] = [];
    for (let cause = (failure as Error).cause as (Error & { type?: string; nonRetryable?: boolean }) | undefined; cause; cause = cause.cause as typeof cause) causes.push(cause);
    const invalid = causes.find((cause) => cause.type === 'InvalidInput');
    assert.ok(invalid, `an InvalidInput failure in ${causes.map((cause) => cause.message).join(' <- ')}`);
    assert.equal(invalid!.nonRetryable, true);
    assert.match(invalid!.message, /^request\.policy: there is no approval policy named "no-such-policy"/);
  });

  test('a malformed request fails the workflow at once, naming the field', async () => {
    const handle = await harness.temporal.workflow.start('publishReportWorkflow', {
      taskQueue,
      workflowId: `report-bad-${randomBytes(3).toString('hex')}`,
      args: [{ ...request(), subject: { kind: 'Quarterly Report', id: 'q', title: 't' } }],
    });
    await assert.rejects(handle.result(), (error: unknown) => error instanceof WorkflowFailedError && /request\.subject\.kind: must be lower-case/.test(String((error.cause as Error)?.message)));
  });
});
