import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScheduleNotFoundError } from '@temporalio/client';
import { DriftReportEntity, ModelVersionEntity } from '../db/entities';
import { GAUGE_CACHE_MS } from '../api/metrics/cached-read';
import { DRIFT_MONITOR_ACTOR, type ColumnDriftResult, type DriftScanInput } from '../domain/drift';
import { auditLogSealed } from '../db/audit-log';
import { assertError, METRICS_TOKEN, SAMPLE_DATA, startHarness, TOKENS, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const SCHEDULE_FIELDS = `id modelName environment every cron window referenceDatasetVersionId paused note nextRuns recentRuns { scheduledAt workflowId }
  overlapPolicy catchupWindow createdBy createdAt`;
const SCHEDULE = `mutation S($input: ScheduleDriftScanInput!) { scheduleDriftScan(input: $input) { ${SCHEDULE_FIELDS} } }`;
const SCHEDULES = `query L($m: String) { driftSchedules(modelName: $m) { ${SCHEDULE_FIELDS} } }`;
const PAUSE = `mutation P($id: ID!, $reason: String!) { pauseDriftSchedule(id: $id, reason: $reason) { ${SCHEDULE_FIELDS} } }`;
const RESUME = `mutation R($id: ID!) { resumeDriftSchedule(id: $id) { ${SCHEDULE_FIELDS} } }`;
const RUN_NOW = `mutation N($id: ID!) { runDriftScheduleNow(id: $id) { id } }`;
const DELETE = `mutation D($id: ID!) { deleteDriftSchedule(id: $id) }`;
const POLICY_FIELDS = 'modelName enabled consecutiveDriftedScans onConceptDrift conceptDriftConfirmation confirmationSignals cooldown deploy updatedBy updatedAt';
const SET_POLICY = `mutation P($input: SetRetrainingPolicyInput!) { setRetrainingPolicy(input: $input) { ${POLICY_FIELDS} } }`;
const POLICY = `query P($m: String!) { retrainingPolicy(modelName: $m) { ${POLICY_FIELDS} } }`;
const REPORTS = `query R($m: String!) { driftReports(modelName: $m) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
const REPORT = `query R($id: ID!) { driftReport(id: $id) { id } }`;
const SCAN = `query S($w: String!) { driftScan(workflowId: $w) { workflowId status failure report { id } } }`;
const TRIGGER = `mutation T($m: String!, $e: DeployEnvironment, $w: String) { triggerDriftScan(modelName: $m, environment: $e, window: $w) { workflowId } }`;

const MODEL = 'weather-drift-api';
const HOUR = 3_600_000;

describe('drift API: schedules on Temporal, retraining policies, reports', () => {
  let harness: Harness;
  let datasetVersionId: string;
  let stagingId: string;

  before(async () => {
    harness = await startHarness();
    const registered = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') } });
    datasetVersionId = registered.data!.registerDataset.id;
    const started = await harness.gql(START, {
      input: { modelName: MODEL, datasetVersionId, target: 'weather', features: ['precipitation', 'temp_max', 'temp_min', 'wind'], task: 'CLASSIFICATION' },
    });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
  });

  after(async () => {
    await harness?.close();
  });

  async function auditActions(subjectId: string): Promise<{ actor: string; action: string; payload: Record<string, unknown> }[]> {
    await auditLogSealed(harness.dataSource);
    return harness.dataSource.query(`SELECT actor, action, payload FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [subjectId]);
  }

  test('scheduleDriftScan creates a Temporal Schedule that skips overlaps and catches up one interval, then its row', async () => {
    const created = await harness.gql(SCHEDULE, { input: { modelName: MODEL, environment: 'STAGING', every: '1h', window: '6h' } }, TOKENS.engineer);
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const schedule = created.data!.scheduleDriftScan;
    stagingId = schedule.id;
    assert.equal(stagingId, `${harness.config.taskQueuePrefix}.drift.${MODEL}.STAGING`);
    assert.deepEqual(
      { ...schedule, nextRuns: undefined, createdAt: undefined },
      {
        id: stagingId,
        modelName: MODEL,
        environment: 'STAGING',
        every: '1h',
        cron: null,
        window: '6h',
        referenceDatasetVersionId: null,
        paused: false,
        note: 'created by engineer-user',
        nextRuns: undefined,
        recentRuns: [],
        overlapPolicy: 'SKIP',
        catchupWindow: '1h',
        createdBy: 'engineer-user',
        createdAt: undefined,
      },
    );
    const nextRuns = schedule.nextRuns.map((time: string) => Date.parse(time));
    assert.equal(nextRuns.length, 3);
    assert.ok(nextRuns[0] > Date.now() && nextRuns[0] <= Date.now() + HOUR, schedule.nextRuns[0]);
    assert.deepEqual([nextRuns[1] - nextRuns[0], nextRuns[2] - nextRuns[1]], [HOUR, HOUR]);

    const described = await harness.temporal.schedule.getHandle(stagingId).describe();
    assert.equal(described.action.workflowType, 'driftScanWorkflow');
    assert.equal(described.action.taskQueue, `${harness.config.taskQueuePrefix}.pipelines`);
    assert.equal(described.action.workflowId, `drift-scan:${MODEL}:STAGING:scheduled`);
    assert.deepEqual(described.action.args, [
      {
        modelName: MODEL,
        environment: 'STAGING',
        windowMs: 6 * HOUR,
        referenceDatasetVersionId: null,
        currentDatasetVersionId: null,
        triggeredBy: 'system:schedule',
        scheduleId: stagingId,
        taskQueues: {
          pipelines: `${harness.config.taskQueuePrefix}.pipelines`,
          training: `${harness.config.taskQueuePrefix}.training`,
          scoring: `${harness.config.taskQueuePrefix}.scoring`,
          monitoring: `${harness.config.taskQueuePrefix}.monitoring`,
        },
      } satisfies DriftScanInput,
    ]);
    assert.deepEqual(described.policies, { overlap: 'SKIP', catchupWindow: HOUR, pauseOnFailure: false });
    assert.deepEqual(described.memo, { createdBy: 'engineer-user', modelName: MODEL, environment: 'STAGING' });

    const [row] = await harness.dataSource.query(`SELECT model_name, environment, spec, created_by FROM drift_schedule WHERE id = $1`, [stagingId]);
    assert.deepEqual(row, {
      model_name: MODEL,
      environment: 'STAGING',
      spec: { every: '1h', cron: null, windowMs: 6 * HOUR, referenceDatasetVersionId: null },
      created_by: 'engineer-user',
    });
    const [audit] = await auditActions(stagingId);
    assert.equal(audit.action, 'drift_schedule.created');
    assert.equal(audit.actor, 'engineer-user');
    assert.deepEqual(audit.payload, { modelName: MODEL, environment: 'STAGING', every: '1h', cron: null, windowMs: 6 * HOUR, referenceDatasetVersionId: null, overlapPolicy: 'SKIP', catchupWindowMs: HOUR });
  });

  test('a cron schedule fires on its expression, against a named reference dataset', async () => {
    const created = await harness.gql(
      SCHEDULE,
      { input: { modelName: MODEL, environment: 'PRODUCTION', cron: '0 6 * * *', referenceDatasetVersionId: datasetVersionId } },
      TOKENS.ops,
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const schedule = created.data!.scheduleDriftScan;
    assert.deepEqual([schedule.every, schedule.cron, schedule.window, schedule.catchupWindow], [null, '0 6 * * *', '1d', '1h']);
    assert.equal(schedule.referenceDatasetVersionId, datasetVersionId);
    assert.ok(schedule.nextRuns.every((time: string) => time.endsWith('T06:00:00.000Z')), JSON.stringify(schedule.nextRuns));
    assert.deepEqual(schedule.nextRuns.map((time: string, i: number) => (i === 0 ? 0 : Date.parse(time) - Date.parse(schedule.nextRuns[i - 1]))), [0, 24 * HOUR, 24 * HOUR]);
    const deleted = await harness.gql(DELETE, { id: schedule.id }, TOKENS.ops);
    assert.equal(deleted.data!.deleteDriftSchedule, schedule.id);
  });

  test('refused schedules name the field and leave nothing behind', async () => {
    const input = { modelName: MODEL, environment: 'STAGING', every: '1h' };
    assertError(await harness.gql(SCHEDULE, { input }, TOKENS.engineer), 'CONFLICT', 'input.modelName', /already has a drift schedule in STAGING/);
    const production = { modelName: MODEL, environment: 'PRODUCTION' };
    assertError(await harness.gql(SCHEDULE, { input: { ...production, every: '1h', cron: '0 * * * *' } }, TOKENS.engineer), 'BAD_USER_INPUT', 'input.every', /not both/);
    assertError(await harness.gql(SCHEDULE, { input: production }, TOKENS.engineer), 'BAD_USER_INPUT', 'input.every', /or cron/);
    assertError(await harness.gql(SCHEDULE, { input: { ...production, every: '500ms' } }, TOKENS.engineer), 'BAD_USER_INPUT', 'input.every', /at least 1s/);
    assertError(await harness.gql(SCHEDULE, { input: { ...production, every: '1h', window: 'a day' } }, TOKENS.engineer), 'BAD_USER_INPUT', 'input.window', /duration/);
    assertError(await harness.gql(SCHEDULE, { input: { ...production, every: '1h', modelName: 'no-such-model' } }, TOKENS.engineer), 'NOT_FOUND', 'input.modelName', /model no-such-model not found/);
    assertError(
      await harness.gql(SCHEDULE, { input: { ...production, every: '1h', referenceDatasetVersionId: randomUUID() } }, TOKENS.engineer),
      'NOT_FOUND',
      'input.referenceDatasetVersionId',
      /dataset version/,
    );
    // Temporal refuses the expression: its reason reaches the caller, and neither Temporal nor Postgres keeps anything.
    await auditLogSealed(harness.dataSource);
    const eventsBefore = (await harness.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
    assertError(await harness.gql(SCHEDULE, { input: { ...production, cron: '61 * * * *' } }, TOKENS.engineer), 'BAD_USER_INPUT', 'input.cron', /Minute is not in range/);
    assertError(await harness.gql(SCHEDULE, { input: { ...production, cron: 'every day' } }, TOKENS.engineer), 'BAD_USER_INPUT', 'input.cron', /fields/);
    const productionId = `${harness.config.taskQueuePrefix}.drift.${MODEL}.PRODUCTION`;
    await assert.rejects(harness.temporal.schedule.getHandle(productionId).describe(), ScheduleNotFoundError);
    assert.deepEqual(await harness.dataSource.query(`SELECT id FROM drift_schedule WHERE environment = 'PRODUCTION'`), []);
    await auditLogSealed(harness.dataSource);
    assert.equal((await harness.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n, eventsBefore);
  });

  test('driftSchedules shows Temporal’s live state; pause, resume and run-now change it, each audited', async () => {
    const listed = await harness.gql(SCHEDULES, { m: MODEL }, TOKENS.viewer);
    assert.deepEqual(listed.data!.driftSchedules.map((s: { id: string; paused: boolean }) => [s.id, s.paused]), [[stagingId, false]]);
    assert.equal(listed.data!.driftSchedules[0].nextRuns.length, 3);
    assert.deepEqual((await harness.gql(SCHEDULES, { m: 'other-model' }, TOKENS.viewer)).data!.driftSchedules, []);

    const paused = (await harness.gql(PAUSE, { id: stagingId, reason: 'STAGING is being rebuilt' }, TOKENS.engineer)).data!.pauseDriftSchedule;
    assert.equal(paused.paused, true);
    assert.equal(paused.note, 'paused by engineer-user: STAGING is being rebuilt');
    assert.equal((await harness.temporal.schedule.getHandle(stagingId).describe()).state.paused, true);
    assertError(await harness.gql(PAUSE, { id: stagingId, reason: '  ' }, TOKENS.engineer), 'BAD_USER_INPUT', 'reason', /1-500 characters/);

    const resumed = (await harness.gql(RESUME, { id: stagingId }, TOKENS.ops)).data!.resumeDriftSchedule;
    assert.deepEqual([resumed.paused, resumed.note], [false, 'resumed by ops-user']);

    assert.equal((await harness.gql(RUN_NOW, { id: stagingId }, TOKENS.engineer)).data!.runDriftScheduleNow.id, stagingId);
    const deadline = Date.now() + 20_000;
    let recentRuns: { scheduledAt: string; workflowId: string }[] = [];
    while (recentRuns.length === 0 && Date.now() < deadline) {
      recentRuns = (await harness.gql(SCHEDULES, { m: MODEL })).data!.driftSchedules[0].recentRuns;
      if (recentRuns.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(recentRuns.length, 1);
    assert.match(recentRuns[0].workflowId, new RegExp(`^drift-scan:${MODEL}:STAGING:scheduled-`));
    const scan = (await harness.gql(SCAN, { w: recentRuns[0].workflowId }, TOKENS.viewer)).data!.driftScan;
    assert.equal(scan.workflowId, recentRuns[0].workflowId);
    assert.ok(['RUNNING', 'COMPLETED', 'FAILED'].includes(scan.status), scan.status);

    const audit = await auditActions(stagingId);
    assert.deepEqual(
      audit.map((event) => [event.action, event.actor]),
      [
        ['drift_schedule.created', 'engineer-user'],
        ['drift_schedule.paused', 'engineer-user'],
        ['drift_schedule.resumed', 'ops-user'],
        ['drift_schedule.triggered', 'engineer-user'],
      ],
    );
    assert.deepEqual(audit[1].payload, { reason: 'STAGING is being rebuilt' });
  });

  test('deleteDriftSchedule removes the Temporal Schedule and the row; unknown ids are NOT_FOUND on id', async () => {
    assertError(await harness.gql(PAUSE, { id: 'no-such-schedule', reason: 'x' }, TOKENS.engineer), 'NOT_FOUND', 'id', /drift schedule no-such-schedule/);
    assertError(await harness.gql(RESUME, { id: 'no-such-schedule' }, TOKENS.engineer), 'NOT_FOUND', 'id', /not found/);
    assertError(await harness.gql(RUN_NOW, { id: 'no-such-schedule' }, TOKENS.engineer), 'NOT_FOUND', 'id', /not found/);
    assertError(await harness.gql(DELETE, { id: 'no-such-schedule' }, TOKENS.engineer), 'NOT_FOUND', 'id', /not found/);

    assert.equal((await harness.gql(DELETE, { id: stagingId }, TOKENS.admin)).data!.deleteDriftSchedule, stagingId);
    await assert.rejects(harness.temporal.schedule.getHandle(stagingId).describe(), ScheduleNotFoundError);
    assert.deepEqual(await harness.dataSource.query(`SELECT id FROM drift_schedule`), []);
    assert.deepEqual((await harness.gql(SCHEDULES, {}, TOKENS.viewer)).data!.driftSchedules, []);
    assert.deepEqual((await auditActions(stagingId)).at(-1)!.action, 'drift_schedule.deleted');
    // The model and environment are free for a new schedule.
    const again = await harness.gql(SCHEDULE, { input: { modelName: MODEL, environment: 'STAGING', every: '1d' } }, TOKENS.engineer);
    assert.equal(again.errors, undefined, JSON.stringify(again.errors));
    assert.equal((await harness.gql(DELETE, { id: stagingId }, TOKENS.engineer)).data!.deleteDriftSchedule, stagingId);
  });

  test('setRetrainingPolicy upserts the policy with a checked deploy request, and audits each change', async () => {
    assert.equal((await harness.gql(POLICY, { m: MODEL }, TOKENS.viewer)).data!.retrainingPolicy, null);
    const input = { modelName: MODEL, consecutiveDriftedScans: 3, cooldown: '12h', deploy: { environment: 'STAGING' } };
    const created = await harness.gql(SET_POLICY, { input }, TOKENS.engineer);
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const policy = created.data!.setRetrainingPolicy;
    assert.deepEqual(
      { ...policy, updatedAt: undefined },
      {
        modelName: MODEL,
        enabled: true,
        consecutiveDriftedScans: 3,
        onConceptDrift: false,
        conceptDriftConfirmation: 'FOLLOWING_WINDOW',
        confirmationSignals: 3,
        cooldown: '12h',
        deploy: {
          environment: 'STAGING',
          requiredApprovals: 1,
          approvers: [],
          remindAfterMs: 4 * HOUR,
          expiresAfterMs: 72 * HOUR,
          canary: { steps: [10, 50, 100], observationMs: 300_000, maxErrorRate: 0.01, maxLatencyRatio: 2, maxPredictionShift: 0.3, minRequests: 20 },
        },
        updatedBy: 'engineer-user',
        updatedAt: undefined,
      },
    );
    assert.deepEqual((await harness.gql(POLICY, { m: MODEL }, TOKENS.viewer)).data!.retrainingPolicy, policy);

    const updated = await harness.gql(
      SET_POLICY,
      {
        input: {
          modelName: MODEL,
          consecutiveDriftedScans: null,
          onConceptDrift: true,
          conceptDriftConfirmation: 'SIGNAL_COUNT',
          confirmationSignals: 4,
          deploy: { environment: 'PRODUCTION', approvers: ['approver-user', 'admin-user'] },
        },
      },
      TOKENS.ops,
    );
    const replaced = updated.data!.setRetrainingPolicy;
    assert.deepEqual(
      [replaced.consecutiveDriftedScans, replaced.onConceptDrift, replaced.conceptDriftConfirmation, replaced.confirmationSignals, replaced.cooldown, replaced.deploy.requiredApprovals, replaced.deploy.approvers, replaced.updatedBy],
      [null, true, 'SIGNAL_COUNT', 4, '1d', 2, ['approver-user', 'admin-user'], 'ops-user'],
    );
    const audit = await auditActions(MODEL);
    assert.deepEqual(
      audit.filter((event) => event.action.startsWith('retraining_policy.')).map((event) => [event.action, event.actor]),
      [
        ['retraining_policy.created', 'engineer-user'],
        ['retraining_policy.updated', 'ops-user'],
      ],
    );
    const [, change] = audit.filter((event) => event.action.startsWith('retraining_policy.'));
    assert.deepEqual([change.payload.conceptDriftConfirmation, change.payload.confirmationSignals], ['SIGNAL_COUNT', 4]);
    assert.notEqual(DRIFT_MONITOR_ACTOR, 'ops-user', 'the retrained version is requested by the monitor, so whoever set the policy may approve it');
  });

  test('refused retraining policies name the field', async () => {
    const base = { modelName: MODEL, consecutiveDriftedScans: 2, deploy: { environment: 'STAGING' } };
    const refused = async (input: Record<string, unknown>) => harness.gql(SET_POLICY, { input: { ...base, ...input } }, TOKENS.engineer);
    assertError(await refused({ consecutiveDriftedScans: null, onConceptDrift: false }), 'BAD_USER_INPUT', 'input.consecutiveDriftedScans', /needs a trigger/);
    assertError(await refused({ consecutiveDriftedScans: 0 }), 'BAD_USER_INPUT', 'input.consecutiveDriftedScans', /1 to 100/);
    assertError(await refused({ cooldown: 'a while' }), 'BAD_USER_INPUT', 'input.cooldown', /duration/);
    assertError(await refused({ conceptDriftConfirmation: 'SIGNAL_COUNT', confirmationSignals: 1 }), 'BAD_USER_INPUT', 'input.confirmationSignals', /2 to 100: one signal is what needs confirming/);
    assert.ok((await refused({ conceptDriftConfirmation: 'ONE_SIGNAL' })).errors?.length, 'an unknown rule is refused by the schema');
    assertError(await refused({ modelName: 'no-such-model' }), 'NOT_FOUND', 'input.modelName', /no-such-model/);
    assertError(await refused({ deploy: { environment: 'STAGING', approvers: ['viewer-user'] } }), 'BAD_USER_INPUT', 'input.deploy.approvers[0]', /no approver or admin role/);
    assertError(await refused({ deploy: { environment: 'STAGING', requiredApprovals: 0 } }), 'BAD_USER_INPUT', 'input.deploy.requiredApprovals', /1 to 10/);
    // retrainingPolicy is nullable, so GraphQL answers the refusal with a null beside the error.
    const unknown = await harness.gql(POLICY, { m: 'no-such-model' }, TOKENS.viewer);
    assert.deepEqual(unknown.data, { retrainingPolicy: null });
    assert.deepEqual(unknown.errors?.map((error) => [error.extensions?.code, error.extensions?.field]), [['NOT_FOUND', 'modelName']]);
  });

  test('reports and scans: lookups by id and workflow id, and the HTML page, refuse what they cannot find', async () => {
    const reports = await harness.gql(REPORTS, { m: MODEL }, TOKENS.viewer);
    assert.deepEqual(reports.data!.driftReports, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    assertError(await harness.gql(REPORTS, { m: 'no-such-model' }, TOKENS.viewer), 'NOT_FOUND', 'modelName', /no-such-model/);
    assertError(await harness.gql(REPORT, { id: 'report-1' }, TOKENS.viewer), 'BAD_USER_INPUT', 'id', /UUID/);
    assertError(await harness.gql(REPORT, { id: randomUUID() }, TOKENS.viewer), 'NOT_FOUND', 'id', /drift report/);
    assertError(await harness.gql(SCAN, { w: 'pipeline:weather:abc' }, TOKENS.viewer), 'BAD_USER_INPUT', 'workflowId', /drift scan/);
    assertError(await harness.gql(SCAN, { w: `drift-scan:${MODEL}:${randomUUID()}` }, TOKENS.viewer), 'NOT_FOUND', 'workflowId', /not found/);
    assertError(await harness.gql(TRIGGER, { m: MODEL }, TOKENS.engineer), 'BAD_USER_INPUT', 'environment', /required unless currentDatasetVersionId/);
    assertError(await harness.gql(TRIGGER, { m: MODEL, e: 'STAGING', w: '1 day' }, TOKENS.engineer), 'BAD_USER_INPUT', 'window', /duration/);
    assertError(await harness.gql(TRIGGER, { m: 'bad name!', e: 'STAGING' }, TOKENS.engineer), 'BAD_USER_INPUT', 'modelName', /letters, digits/);

    const page = (id: string, token: string | null) => fetch(`${harness.url}/reports/drift/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    assert.equal((await page(randomUUID(), null)).status, 401);
    const missing = await page(randomUUID(), TOKENS.viewer);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'NOT_FOUND');
    const malformed = await page('not-a-uuid', TOKENS.viewer);
    assert.equal(malformed.status, 400);
    assert.deepEqual(await malformed.json(), { code: 'BAD_USER_INPUT', field: 'id', message: 'id: is not a drift report id (expected a UUID)' });

    const metrics = await (await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    for (const gauge of ['drift_share', 'dataset_drift', 'drifted_columns', 'prediction_drift', 'concept_drift_level', 'drift_report_timestamp_seconds']) {
      assert.match(metrics, new RegExp(`^# TYPE provenant_${gauge} gauge$`, 'm'));
    }
  });

  test('triggerDriftScan starts a scan at once, audited; driftScan tells how it ended and why', async () => {
    const started = await harness.gql(TRIGGER, { m: MODEL, e: 'PRODUCTION', w: '1h' }, TOKENS.engineer);
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const { workflowId } = started.data!.triggerDriftScan;
    assert.match(workflowId, new RegExp(`^drift-scan:${MODEL}:[0-9a-f-]{36}$`));
    const [audit] = await auditActions(workflowId);
    assert.deepEqual([audit.action, audit.actor, audit.payload.triggeredBy, audit.payload.windowMs, audit.payload.scheduleId], ['drift_scan.started', 'engineer-user', 'engineer-user', HOUR, null]);
    // Nothing was ever served in PRODUCTION: the scan fails on its first step, and the answer names the cause, not its wrapper.
    await assert.rejects(harness.temporal.workflow.getHandle(workflowId).result());
    const scan = (await harness.gql(SCAN, { w: workflowId }, TOKENS.viewer)).data!.driftScan;
    assert.deepEqual([scan.status, scan.report], ['FAILED', null]);
    assert.match(scan.failure, /no predictions .* PRODUCTION/);
  });

  test('stored reports read back through GraphQL, newest first, as an HTML page, and in the drift gauges', async () => {
    const version = await harness.dataSource.getRepository(ModelVersionEntity).findOneByOrFail({ datasetVersionId });
    const quality = (column: string) => ({ column, referenceNullShare: 0, currentNullShare: 0, unseenCategories: [], unseenShare: 0, drifted: false });
    const tempMax: ColumnDriftResult = {
      column: 'temp_max', kind: 'numeric', test: 'ks', statistic: 0.68, pValue: 7.4e-33, threshold: 0.05, drifted: true, binned: false,
      referenceSize: 366, currentSize: 92, referenceMissing: 0, currentMissing: 0,
      histogram: { kind: 'numeric', edges: [-1, 10, 20, 35], reference: [120, 180, 66], current: [0, 30, 62] },
      quality: quality('temp_max'),
    };
    // A constant column leaves the statistic undefined: jsonb stores the NaN as null.
    const wind: ColumnDriftResult = { ...tempMax, column: 'wind', statistic: Number.NaN, pValue: Number.NaN, drifted: false, quality: quality('wind') };
    const reports = harness.dataSource.getRepository(DriftReportEntity);
    const store = (minutesAgo: number, datasetDrift: boolean) =>
      reports.save(
        reports.create({
          workflowId: `drift-scan:${MODEL}:${randomUUID()}`,
          modelId: version.modelId,
          modelName: MODEL,
          environment: 'STAGING',
          modelVersionId: version.id,
          deploymentId: null,
          scheduleId: null,
          triggeredBy: 'engineer-user',
          reference: { datasetVersionId, rows: 366 },
          current: { kind: 'prediction_log', environment: 'STAGING', from: '2026-11-22T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z', rows: 92 },
          datasetDrift,
          driftShare: datasetDrift ? 0.5 : 0,
          driftShareThreshold: 0.5,
          numberOfColumns: 2,
          numberOfDriftedColumns: datasetDrift ? 1 : 0,
          columns: [tempMax, wind],
          predictionDrift: null,
          conceptDrift: { labelledRows: 0, metric: 'error_rate', windows: [], ddm: { level: 'WARNING', warnings: [], drifts: [] }, eddm: { level: 'NONE', warnings: [], drifts: [] } },
          retraining: { action: 'NOT_NEEDED', reason: 'no retraining policy', pipelineWorkflowId: null, pipelineRunId: null },
          retrainingRunId: null,
          createdAt: new Date(Date.now() - minutesAgo * 60_000),
        }),
      );
    const older = await store(10, false);
    const newer = await store(1, true);

    const FIELDS = `id modelVersion driftShare datasetDrift reportUrl columns { column statistic pValue drifted note } dataQuality { column }
      predictionDrift { column } conceptDrift { labelledRows ddm { level } eddm { level } } retraining { action reason }`;
    const first = await harness.gql(`query R($m: String!) { driftReports(modelName: $m, environment: STAGING, first: 1) { edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor } } }`, { m: MODEL }, TOKENS.viewer);
    assert.equal(first.errors, undefined, JSON.stringify(first.errors));
    const [edge] = first.data!.driftReports.edges;
    assert.equal(first.data!.driftReports.pageInfo.hasNextPage, true);
    assert.deepEqual(edge.node, {
      id: newer.id,
      modelVersion: version.version,
      driftShare: 0.5,
      datasetDrift: true,
      reportUrl: `${harness.config.publicUrl}/reports/drift/${newer.id}`,
      columns: [
        { column: 'temp_max', statistic: 0.68, pValue: 7.4e-33, drifted: true, note: null },
        { column: 'wind', statistic: null, pValue: null, drifted: false, note: 'the ks statistic and p-value is undefined for these samples (not a finite number), so it is left out' },
      ],
      dataQuality: [{ column: 'temp_max' }, { column: 'wind' }],
      predictionDrift: null,
      conceptDrift: { labelledRows: 0, ddm: { level: 'WARNING' }, eddm: { level: 'NONE' } },
      retraining: { action: 'NOT_NEEDED', reason: 'no retraining policy' },
    });
    const rest = await harness.gql(`query R($m: String!, $after: String) { driftReports(modelName: $m, first: 5, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`, { m: MODEL, after: edge.cursor }, TOKENS.viewer);
    assert.deepEqual(rest.data!.driftReports, { edges: [{ node: { id: older.id } }], pageInfo: { hasNextPage: false } });
    assert.equal((await harness.gql(`query R($m: String!) { driftReports(modelName: $m, environment: PRODUCTION) { edges { node { id } } } }`, { m: MODEL })).data!.driftReports.edges.length, 0);

    const page = await fetch(`${harness.url}/reports/drift/${newer.id}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.headers.get('content-security-policy') ?? '', /^default-src 'none'; style-src 'unsafe-inline'/);
    const html = await page.text();
    assert.equal(html.match(/<svg[\s>]/g)?.length, 2, 'a histogram per column; no prediction or performance chart without data');
    assert.match(html, /Dataset drift: 1 of 2 tested columns drifted \(50%\), at or above the 50% threshold\./);
    assert.match(html, /No labelled predictions yet/);

    // An earlier test scraped: the gauges reuse a read for GAUGE_CACHE_MS.
    await sleep(GAUGE_CACHE_MS);
    const metrics = await (await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const series = (name: string) => metrics.split('\n').filter((line) => line.startsWith(`${name}{model="${MODEL}"`));
    assert.deepEqual(series('provenant_drift_share'), [`provenant_drift_share{model="${MODEL}",environment="STAGING"} 0.5`]);
    assert.deepEqual(series('provenant_dataset_drift'), [`provenant_dataset_drift{model="${MODEL}",environment="STAGING"} 1`]);
    assert.deepEqual(series('provenant_drifted_columns'), [`provenant_drifted_columns{model="${MODEL}",environment="STAGING"} 1`]);
    assert.deepEqual(series('provenant_prediction_drift'), [], 'nothing was scored');
    assert.deepEqual(series('provenant_concept_drift_level'), [
      `provenant_concept_drift_level{model="${MODEL}",environment="STAGING",detector="ddm"} 1`,
      `provenant_concept_drift_level{model="${MODEL}",environment="STAGING",detector="eddm"} 0`,
    ]);
    const [timestamp] = series('provenant_drift_report_timestamp_seconds');
    assert.ok(Math.abs(Number(timestamp.split(' ')[1]) - newer.createdAt.getTime() / 1000) < 0.001, timestamp);
  });

  test('a scan over 2 logged rows reports every column NOT_ENOUGH_DATA and no dataset drift; lowering the minimum shows what it would have claimed', async () => {
    const version = await harness.dataSource.getRepository(ModelVersionEntity).findOneByOrFail({ datasetVersionId });
    // Far outside the training data on every feature: two rows that would "drift" anything.
    const features = { precipitation: 80, temp_max: 45, temp_min: 30, wind: 15 };
    for (const i of [0, 1]) {
      await harness.dataSource.query(
        `INSERT INTO prediction_log (request_id, row_index, model_name, environment, model_version_id, role, features, output, error, latency_ms, logged_at)
         VALUES ($1, 0, $2, 'STAGING', $3, 'stable', $4, $5, null, 1, now() - interval '1 minute')`,
        [`tiny-${i}`, MODEL, version.id, JSON.stringify(features), JSON.stringify({ label: 'snow' })],
      );
    }
    const SCAN_WITH_MINIMUM = `mutation T($m: String!, $min: Int) { triggerDriftScan(modelName: $m, environment: STAGING, window: "10m", minimumSampleSize: $min) { workflowId } }`;
    const REPORT_FIELDS = `datasetDrift driftShare numberOfColumns numberOfTestedColumns numberOfDriftedColumns reportUrl
      columns { column status minimumSampleSize drifted statistic note currentSize } dataQuality { column noCurrentValues drifted }
      predictionDrift { status drifted } retraining { action reason conceptDriftConfirmation }`;
    const scanned = async (minimumSampleSize?: number) => {
      const started = await harness.gql(SCAN_WITH_MINIMUM, { m: MODEL, min: minimumSampleSize }, TOKENS.engineer);
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      const { workflowId } = started.data!.triggerDriftScan;
      await harness.temporal.workflow.getHandle(workflowId).result();
      const scan = await harness.gql(`query S($w: String!) { driftScan(workflowId: $w) { status report { ${REPORT_FIELDS} } } }`, { w: workflowId }, TOKENS.viewer);
      assert.equal(scan.errors, undefined, JSON.stringify(scan.errors));
      return scan.data!.driftScan.report;
    };

    const tiny = await scanned();
    assert.deepEqual([tiny.datasetDrift, tiny.driftShare, tiny.numberOfColumns, tiny.numberOfTestedColumns, tiny.numberOfDriftedColumns], [false, 0, 4, 0, 0]);
    for (const column of tiny.columns) {
      assert.deepEqual([column.status, column.minimumSampleSize, column.drifted, column.statistic, column.currentSize], ['NOT_ENOUGH_DATA', 30, false, null, 2], column.column);
      assert.match(column.note, /^not enough data: \d+ reference and 2 current values present, the test needs 30 on each side; not tested, not counted as drift$/);
    }
    assert.ok(tiny.dataQuality.every((quality: { noCurrentValues: boolean }) => !quality.noCurrentValues), 'every column had values, only too few');
    assert.deepEqual(tiny.predictionDrift, { status: 'NOT_ENOUGH_DATA', drifted: false });
    assert.equal(tiny.retraining.action, 'NOT_NEEDED');
    assert.equal(tiny.retraining.conceptDriftConfirmation, 'SIGNAL_COUNT');
    const page = await (await fetch(tiny.reportUrl, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).text();
    assert.match(page, /Not enough data: no column had the values its test needs, so nothing could drift \(4 of 4 columns not tested\)\./);
    assert.equal(page.match(/<td class="untested">not enough data/g)?.length, 5, 'four features and the prediction');

    const claimed = await scanned(2);
    assert.deepEqual([claimed.numberOfTestedColumns, claimed.datasetDrift, claimed.driftShare], [4, true, 1], 'with a minimum of 2, two rows make a full dataset drift');
    assert.ok(claimed.columns.every((column: { status: string }) => column.status === 'TESTED'));

    assertError(await harness.gql(SCAN_WITH_MINIMUM, { m: MODEL, min: 0 }, TOKENS.engineer), 'BAD_USER_INPUT', 'minimumSampleSize', /integer from 1 to 1000000/);
  });

  test('viewers and approvers read; only engineers, ops and admins change schedules, policies or start scans', async () => {
    const reads: [string, Record<string, unknown>][] = [
      [SCHEDULES, {}],
      [POLICY, { m: MODEL }],
      [REPORTS, { m: MODEL }],
    ];
    for (const token of [TOKENS.viewer, TOKENS.approver]) {
      for (const [query, variables] of reads) assert.equal((await harness.gql(query, variables, token)).errors, undefined, query);
    }
    const writes: [string, Record<string, unknown>][] = [
      [SCHEDULE, { input: { modelName: MODEL, environment: 'STAGING', every: '1h' } }],
      [PAUSE, { id: stagingId, reason: 'x' }],
      [RESUME, { id: stagingId }],
      [RUN_NOW, { id: stagingId }],
      [DELETE, { id: stagingId }],
      [SET_POLICY, { input: { modelName: MODEL, onConceptDrift: true, deploy: { environment: 'STAGING' } } }],
      [TRIGGER, { m: MODEL, e: 'STAGING' }],
    ];
    for (const token of [TOKENS.viewer, TOKENS.approver]) {
      for (const [mutation, variables] of writes) assertError(await harness.gql(mutation, variables, token), 'FORBIDDEN', undefined, /may not perform this operation/);
    }
    assertError(await harness.gql(SCHEDULES, {}, null), 'UNAUTHENTICATED', undefined, /missing bearer token/);
    assert.deepEqual(await harness.dataSource.query(`SELECT id FROM drift_schedule`), [], 'no refused write left a schedule');
  });
});
