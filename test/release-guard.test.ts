import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { DEFAULT_CANARY_POLICY } from '../domain/deployment';
import { taskQueuesFor } from '../domain/task-queues';
import { auditLogSealed } from '../db/audit-log';
import { openInChromium } from './support/headless-chromium';
import { SAMPLE_DATA, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';
import { eventually } from './support/eventually';
import { rowCounts } from './support/row-counts';

const MODEL = 'weather-guard';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const SECOND_ADMIN = 'admin-token-2';
const CANARY = { steps: [100], observationWindow: '1s', minRequests: 0 };

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RUN = `query R($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status error modelVersion { id version } approvalGate { id status } } }`;
const DECIDE = `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`;
const PROMOTE = `mutation P($input: SetStableVersionInput!) { promoteDeployment(input: $input) { id kind status version triggeredBy breakGlassId } }`;
const ROLLBACK = `mutation R($input: SetStableVersionInput!) { rollbackDeployment(input: $input) { id kind status version } }`;
const SHADOW = `mutation S($input: SetShadowVersionInput!) { setShadowVersion(input: $input) { shadowVersionId } }`;
const BREAK_GLASS_FIELDS = 'id operation modelName environment modelVersionId version reason missing status requestedBy requestedAt expiresAt confirmedBy confirmedAt deploymentId';
const REQUEST_BREAK_GLASS = `mutation B($input: RequestBreakGlassInput!) { requestBreakGlass(input: $input) { ${BREAK_GLASS_FIELDS} } }`;
const CONFIRM_BREAK_GLASS = `mutation C($id: ID!) { confirmBreakGlass(id: $id) { ${BREAK_GLASS_FIELDS} } }`;
const BREAK_GLASS_REQUESTS = `query Q($modelName: String) { breakGlassRequests(modelName: $modelName) { id status } }`;
const STATE = `query S($model: String!) {
  deployments(modelName: $model) { id kind status version triggeredBy reason breakGlassId }
  trafficRoutes(modelName: $model) { environment stableVersionId shadowVersionId }
}`;
const PROVENANCE = `query P($id: ID!) { provenance(modelVersionId: $id) {
  deployments { id kind status triggeredBy reason breakGlass { id status reason requestedBy confirmedBy auditEventIds } auditEventIds }
  breakGlass { id operation environment status reason missing requestedBy confirmedBy auditEventIds }
} }`;

interface Version {
  id: string;
  version: number;
}

/**
 * The release guard: promote, roll back and shadow only with a version approved for the
 * environment; past it only by break-glass, which two admins agree on and which shows
 * wherever the deployment does.
 */
describe('release guard: no path into an environment without an approved gate, except break-glass by two admins', () => {
  let harness: Harness;
  let datasetVersionId: string;
  /** Approved for STAGING and deployed there. */
  let approved: Version;
  /** Its STAGING gate was rejected. */
  let rejected: Version;
  /** Missed its quality checks, so it never asked for approval. */
  let checksFailed: Version;
  /** Trained without asking to deploy. */
  let neverAsked: Version;

  const pipeline = async (runKey: string, extra: Record<string, unknown>) => {
    const started = await harness.gql(
      START,
      { input: { modelName: MODEL, datasetVersionId, target: 'weather', features: FEATURES, task: 'CLASSIFICATION', runKey, ...extra } },
      TOKENS.engineer,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const workflowId: string = started.data!.startModelPipeline.workflowId;
    await waitForPipeline(harness, workflowId, 180_000);
    return workflowId;
  };
  const runOf = async (workflowId: string) => (await harness.gql(RUN, { workflowId })).data!.pipelineRun;
  const decide = async (workflowId: string, decision: 'APPROVE' | 'REJECT', comment?: string) => {
    const run = await runOf(workflowId);
    assert.equal(run.status, 'AWAITING_APPROVAL', JSON.stringify(run));
    const decided = await harness.gql(DECIDE, { input: { gateId: run.approvalGate.id, decision, comment } }, TOKENS.approver);
    assert.equal(decided.errors, undefined, JSON.stringify(decided.errors));
    await harness.temporal.workflow.getHandle(workflowId).result();
    return (await runOf(workflowId)).modelVersion as Version;
  };
  const state = async () => (await harness.gql(STATE, { model: MODEL })).data!;
  const input = (version: Version, environment = 'STAGING') => ({ modelName: MODEL, environment, version: version.version, reason: 'on-call decision' });

  before(async () => {
    harness = await startHarness({ extraTokens: [`${SECOND_ADMIN}:admin:second-admin`] });
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const deploy = { environment: 'STAGING', requiredApprovals: 1, canary: CANARY };
    // One after another, so the versions are numbered in this order.
    approved = await decide(await pipeline('approved', { deploy }), 'APPROVE');
    rejected = await decide(await pipeline('rejected', { deploy, hyperparameters: { l2: 0.5 } }), 'REJECT', 'recall on storms dropped');
    const failing = await runOf(await pipeline('checks-failed', { deploy, qualityChecks: [{ metric: 'accuracy', op: 'GTE', value: 0.999 }] }));
    assert.equal(failing.status, 'QUALITY_CHECKS_FAILED', JSON.stringify(failing));
    checksFailed = failing.modelVersion;
    const plain = await runOf(await pipeline('never-asked', { hyperparameters: { l2: 2 } }));
    assert.equal(plain.status, 'SUCCEEDED', JSON.stringify(plain));
    neverAsked = plain.modelVersion;
    assert.deepEqual([approved, rejected, checksFailed, neverAsked].map((v) => v.version), [1, 2, 3, 4]);
    const { trafficRoutes } = await state();
    assert.equal(trafficRoutes[0].stableVersionId, approved.id, 'the approved version was deployed by its pipeline');
  });
  after(async () => {
    await harness?.close();
  });

  test('promoting a version that failed its checks, was rejected, or never asked is refused FORBIDDEN, saying what is missing; nothing is written', async () => {
    const before_ = await rowCounts(harness.dataSource);
    const breakGlassHint = /An admin may go past this with requestBreakGlass, which a second admin confirms with confirmBreakGlass\.$/;
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      [PROMOTE, input(checksFailed), /^promoting weather-guard v3 in STAGING needs an APPROVED approval gate for v3 in STAGING, and it never had one there \(it failed its quality checks, so it could not ask for one\)/],
      [PROMOTE, input(rejected), /^promoting weather-guard v2 in STAGING needs an APPROVED approval gate for v2 in STAGING, and its STAGING gate was REJECTED by approver-user \("recall on storms dropped"\)/],
      [PROMOTE, input(neverAsked), /^promoting weather-guard v4 in STAGING needs .*, and it never had one there \(its pipeline run ended SUCCEEDED\)/],
      [PROMOTE, input(approved, 'PRODUCTION'), /^promoting weather-guard v1 in PRODUCTION needs an APPROVED approval gate for v1 in PRODUCTION, and it never had one there/],
      [ROLLBACK, input(rejected), /^rolling back to weather-guard v2 in STAGING needs/],
      [SHADOW, input(neverAsked), /^shadowing live traffic with weather-guard v4 in STAGING needs/],
    ];
    for (const token of [TOKENS.ops, TOKENS.admin]) {
      for (const [mutation, variables, message] of refusals) {
        const response = await harness.gql(mutation, { input: variables }, token);
        assertError(response, 'FORBIDDEN', 'input.version', message);
        assert.match(response.errors![0].message, breakGlassHint);
      }
    }
    assert.deepEqual(await rowCounts(harness.dataSource), before_, 'a refused operation wrote rows');
    const workflows = await harness.temporal.workflow.count(`TaskQueue = "${harness.config.taskQueuePrefix}.pipelines" AND WorkflowType = "deploymentWorkflow"`);
    assert.equal(workflows.count, 1, 'only the approved version’s canary ran');
  });

  test('the approved version is promoted, rolled back to and shadowed, by ops or admins', async () => {
    const rolled = await harness.gql(ROLLBACK, { input: input(approved) }, TOKENS.ops);
    assert.deepEqual({ ...rolled.data!.rollbackDeployment, id: undefined }, { id: undefined, kind: 'ROLLBACK', status: 'ROLLED_BACK', version: 1 });
    const promoted = await harness.gql(PROMOTE, { input: input(approved) }, TOKENS.admin);
    assert.deepEqual({ ...promoted.data!.promoteDeployment, id: undefined }, { id: undefined, kind: 'PROMOTE', status: 'PROMOTED', version: 1, triggeredBy: 'admin-user', breakGlassId: null });
    assert.equal((await harness.gql(SHADOW, { input: input(approved) }, TOKENS.ops)).data!.setShadowVersion.shadowVersionId, approved.id);
    // Stopping a shadow changes nothing anyone is served: no gate needed.
    assert.equal((await harness.gql(SHADOW, { input: { ...input(approved), version: null } }, TOKENS.ops)).data!.setShadowVersion.shadowVersionId, null);
  });

  test('a deployment started straight through Temporal, without the API, is refused by its first activity', async () => {
    const start = (workflowId: string, args: Record<string, unknown>) =>
      harness.temporal.workflow.execute('deploymentWorkflow', {
        workflowId,
        taskQueue: taskQueuesFor(harness.config.taskQueuePrefix).pipelines,
        args: [
          {
            modelName: MODEL,
            environment: 'STAGING',
            policy: DEFAULT_CANARY_POLICY,
            triggeredBy: 'someone with Temporal access',
            reason: 'bypass',
            taskQueues: taskQueuesFor(harness.config.taskQueuePrefix),
            ...args,
          },
        ],
      });
    const forbidden = (message: RegExp) => (error: unknown) => {
      assert.ok(error instanceof WorkflowFailedError, String(error));
      const causes: string[] = [];
      for (let cause = (error as Error).cause as (Error & { type?: string }) | undefined; cause; cause = cause.cause as typeof cause) causes.push(`${cause.type ?? cause.name}: ${cause.message}`);
      assert.ok(causes.some((cause) => cause.startsWith('Forbidden: ') && message.test(cause)), causes.join(' <- '));
      return true;
    };
    const rejectedGate = (await harness.dataSource.query(`SELECT id FROM approval_gate WHERE model_version_id = $1`, [rejected.id]))[0].id;
    await assert.rejects(
      start('bypass-promote', { modelVersionId: neverAsked.id, kind: 'PROMOTE', approvalGateId: null }),
      forbidden(/promoting weather-guard v4 in STAGING needs an APPROVED approval gate/),
    );
    await assert.rejects(
      start('bypass-canary', { modelVersionId: rejected.id, kind: 'CANARY', approvalGateId: rejectedGate }),
      forbidden(/a canary of weather-guard v2 to STAGING needs the APPROVED approval gate of that version there; gate .* is REJECTED/),
    );
    await assert.rejects(
      start('bypass-glass', { modelVersionId: neverAsked.id, kind: 'PROMOTE', approvalGateId: null, breakGlassId: '00000000-0000-4000-8000-000000000000' }),
      forbidden(/is not a confirmed PROMOTE of weather-guard v4 in STAGING/),
    );
    const recorded = await harness.dataSource.query(`SELECT count(*)::int AS count FROM deployment WHERE workflow_id LIKE 'bypass-%'`);
    assert.deepEqual(recorded, [{ count: 0 }]);
  });

  test('break-glass: one admin asks with a reason, only a second admin confirms, and the promotion is flagged in deployments, the audit log and provenance', async () => {
    const request = { operation: 'PROMOTE', modelName: MODEL, environment: 'STAGING', version: neverAsked.version, reason: 'v1 mislabels storms; v4 is the hotfix' };
    assertError(await harness.gql(REQUEST_BREAK_GLASS, { input: request }, TOKENS.ops), 'FORBIDDEN', undefined, /^role ops may not perform this operation$/);
    assertError(
      await harness.gql(REQUEST_BREAK_GLASS, { input: { ...request, version: approved.version } }),
      'BAD_USER_INPUT',
      'input.version',
      /weather-guard v1 has an APPROVED approval gate in STAGING: promoteDeployment needs no break-glass/,
    );
    const asked = (await harness.gql(REQUEST_BREAK_GLASS, { input: request })).data!.requestBreakGlass;
    assert.deepEqual(
      [asked.operation, asked.version, asked.status, asked.requestedBy, asked.confirmedBy, asked.deploymentId, asked.reason],
      ['PROMOTE', 4, 'PENDING', 'admin-user', null, null, request.reason],
    );
    assert.match(asked.missing, /^promoting weather-guard v4 in STAGING needs an APPROVED approval gate/);
    const window = Date.parse(asked.expiresAt) - Date.parse(asked.requestedAt);
    assert.equal(window, 15 * 60_000, 'the default window is 15 minutes');
    assert.notEqual((await state()).trafficRoutes[0].stableVersionId, neverAsked.id, 'nothing changes on one admin’s word');

    assertError(await harness.gql(CONFIRM_BREAK_GLASS, { id: asked.id }), 'FORBIDDEN', 'id', /a break-glass needs a second admin: admin-user requested it and cannot confirm it too/);
    assertError(await harness.gql(CONFIRM_BREAK_GLASS, { id: asked.id }, TOKENS.ops), 'FORBIDDEN', undefined, /^role ops may not perform this operation$/);
    const confirmed = (await harness.gql(CONFIRM_BREAK_GLASS, { id: asked.id }, SECOND_ADMIN)).data!.confirmBreakGlass;
    assert.deepEqual([confirmed.status, confirmed.confirmedBy], ['CONFIRMED', 'second-admin']);
    assert.ok(confirmed.deploymentId, 'the promotion ran');
    assertError(await harness.gql(CONFIRM_BREAK_GLASS, { id: asked.id }, SECOND_ADMIN), 'CONFLICT', 'id', /already confirmed by second-admin/);

    const { deployments, trafficRoutes } = await state();
    assert.deepEqual(deployments[0], {
      id: confirmed.deploymentId,
      kind: 'PROMOTE',
      status: 'PROMOTED',
      version: 4,
      triggeredBy: 'admin-user + second-admin (break-glass)',
      reason: `break-glass: ${request.reason}`,
      breakGlassId: asked.id,
    });
    assert.equal(trafficRoutes[0].stableVersionId, neverAsked.id);

    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(
      `SELECT actor, action, payload FROM audit_event WHERE subject_id = ANY($1::text[]) ORDER BY sequence`,
      [[asked.id, confirmed.deploymentId]],
    );
    assert.deepEqual(audit.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`), [
      'admin-user:break_glass.requested',
      'second-admin:break_glass.confirmed',
      'admin-user + second-admin (break-glass):deployment.promote_started',
      'admin-user + second-admin (break-glass):deployment.promoted',
    ]);
    assert.deepEqual([audit[0].payload.breakGlass, audit[0].payload.reason, audit[1].payload.breakGlass], [true, request.reason, true]);
    assert.deepEqual(audit[2].payload.breakGlass, { id: asked.id, requestedBy: 'admin-user', confirmedBy: 'second-admin', reason: request.reason });

    const provenance = (await harness.gql(PROVENANCE, { id: neverAsked.id }, TOKENS.viewer)).data!.provenance;
    assert.deepEqual(
      provenance.breakGlass.map((b: Record<string, unknown>) => [b.id, b.operation, b.environment, b.status, b.reason, b.requestedBy, b.confirmedBy]),
      [[asked.id, 'PROMOTE', 'STAGING', 'CONFIRMED', request.reason, 'admin-user', 'second-admin']],
    );
    assert.equal(provenance.breakGlass[0].auditEventIds.length, 2);
    const [deployment] = provenance.deployments;
    assert.deepEqual([deployment.kind, deployment.breakGlass?.id, deployment.breakGlass?.confirmedBy], ['PROMOTE', asked.id, 'second-admin']);
  });

  test('a break-glass nobody confirms in time expires; shadowing by break-glass is flagged too', async () => {
    const shadow = { operation: 'SET_SHADOW', modelName: MODEL, environment: 'STAGING', version: rejected.version, reason: 'compare v2 on live traffic' };
    const late = (await harness.gql(REQUEST_BREAK_GLASS, { input: shadow })).data!.requestBreakGlass;
    // As if the window had passed.
    await harness.dataSource.query(`UPDATE break_glass SET expires_at = now() - interval '1 second' WHERE id = $1`, [late.id]);
    assertError(await harness.gql(CONFIRM_BREAK_GLASS, { id: late.id }, SECOND_ADMIN), 'CONFLICT', 'id', /expired at .* unconfirmed: request it again/);
    const listed = (await harness.gql(BREAK_GLASS_REQUESTS, { modelName: MODEL }, TOKENS.viewer)).data!.breakGlassRequests;
    assert.equal(listed.find((b: { id: string }) => b.id === late.id).status, 'EXPIRED');

    const again = (await harness.gql(REQUEST_BREAK_GLASS, { input: shadow }, SECOND_ADMIN)).data!.requestBreakGlass;
    const done = (await harness.gql(CONFIRM_BREAK_GLASS, { id: again.id })).data!.confirmBreakGlass;
    assert.deepEqual([done.status, done.requestedBy, done.confirmedBy, done.deploymentId], ['CONFIRMED', 'second-admin', 'admin-user', null]);
    assert.equal((await state()).trafficRoutes[0].shadowVersionId, rejected.id);
    await auditLogSealed(harness.dataSource);
    const [event] = await harness.dataSource.query(`SELECT actor, payload FROM audit_event WHERE action = 'traffic_route.shadow_set' ORDER BY sequence DESC LIMIT 1`);
    assert.equal(event.actor, 'second-admin + admin-user (break-glass)');
    assert.deepEqual(event.payload.breakGlass, { id: again.id, requestedBy: 'second-admin', confirmedBy: 'admin-user', reason: shadow.reason });
    const provenance = (await harness.gql(PROVENANCE, { id: rejected.id })).data!.provenance;
    assert.deepEqual(provenance.breakGlass.map((b: { status: string }) => b.status), ['EXPIRED', 'CONFIRMED']);
  });

  test('the web UI’s provenance page flags the break-glass promotion with its reason and both admins', async () => {
    const browser = await openInChromium(`${harness.url}/ui`);
    try {
      const { page } = browser;
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Sign in', exact: true }).click();
      await page.getByLabel('Bearer token').fill(TOKENS.viewer);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('identity').filter({ hasText: 'viewer-user' }).waitFor();
      await page.goto(`${harness.url}/ui#/provenance/${neverAsked.id}`);
      await page.locator('.break-glass-reason').waitFor();
      const breakGlass = (await page.getByRole('region', { name: 'Break-glass' }).textContent())!;
      assert.match(breakGlass, /This version went past the release guard/);
      assert.match(breakGlass, /BREAK-GLASS/);
      assert.match(breakGlass, /v1 mislabels storms; v4 is the hotfix/);
      assert.match(breakGlass, /admin-user/);
      assert.match(breakGlass, /second-admin/);
      const deployments = (await page.getByRole('region', { name: 'Deployments' }).textContent())!;
      assert.match(deployments, /PROMOTE BREAK-GLASS/);
      assert.match(deployments, /admin-user \+ second-admin \(break-glass\)/);
      // A version that went through its gate carries no flag.
      await page.goto(`${harness.url}/ui#/provenance/${approved.id}`);
      await page.getByRole('region', { name: 'Break-glass' }).getByText('Every change of traffic went through an approved gate.').waitFor();
      assert.doesNotMatch((await page.getByRole('region', { name: 'Deployments' }).textContent())!, /BREAK-GLASS/);
    } finally {
      await browser.close();
    }
  });

  test('a forged "gate settled" signal moves nothing: the run reads its gate from the registry, keeps waiting, and the real decision still releases it', async () => {
    const workflowId = await pipeline('forged-signal', { deploy: { environment: 'STAGING', requiredApprovals: 1, canary: CANARY }, hyperparameters: { l2: 4 } });
    const handle = harness.temporal.workflow.getHandle(workflowId);
    await handle.signal('releaseGateSettled');
    // The run's read of the registry is recorded in its history; only then is "still waiting" a fact.
    await eventually(async () => {
      const events = (await handle.fetchHistory()).events!;
      const signalled = events.findIndex((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'releaseGateSettled');
      const read = events.findIndex((event, i) => i > signalled && event.markerRecordedEventAttributes?.markerName === 'core_local_activity');
      assert.ok(signalled >= 0 && read > signalled, 'the run has not read its gate since the signal');
    });
    const waiting = await runOf(workflowId);
    assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
    assert.equal(waiting.approvalGate.status, 'PENDING');
    const deployed = await harness.dataSource.query(`SELECT count(*)::int AS count FROM deployment WHERE model_version_id = $1`, [waiting.modelVersion.id]);
    assert.deepEqual(deployed, [{ count: 0 }]);
    const released = await decide(workflowId, 'APPROVE');
    assert.equal((await runOf(workflowId)).status, 'SUCCEEDED');
    assert.equal(released.id, waiting.modelVersion.id);
  });
});
