import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditExportLines, planAuditExport } from '../db/audit-export';
import { appendAuditEvent, auditLogSealed } from '../db/audit-log';
import { DriftReportEntity } from '../db/entities';
import { REPO_ROOT } from '../platform/config';
import { bypassAppendOnly } from './support/audit-tampering';
import { SAMPLE_DATA, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const MODEL = 'weather-governed';
const DATASET_FILE = path.join(SAMPLE_DATA, 'seattle-weather.csv');
const VERIFIER = path.join(REPO_ROOT, 'scripts', 'verify-audit-export.mjs');
const APPROVAL_COMMENT = 'evidence reviewed: accuracy check passed';

const PROVENANCE = `
  query P($id: ID!) {
    provenance(modelVersionId: $id) {
      modelVersion { id modelName version artifactSha256 auditEventIds }
      data { datasetVersionId datasetName version contentSha256 rowCount format usedAs auditEventIds }
      pipelineRun { id workflowId status requestedBy auditEventIds }
      code { trainer trainerVersion gitCommit nodeVersion onnxruntimeVersion provenantVersion auditEventIds }
      parameters { hyperparameters { name value } requestedHyperparameters { name value } seed testFraction crossValidationFolds tuning { strategy } auditEventIds }
      validation { reportId status failingChecks { name column } warningChecks { name column status } auditEventIds }
      evaluation { reportId testRowCount metrics { name value } qualityChecksPassed qualityChecks { check observed required passed } champion { championVersion } championSkipped auditEventIds }
      approvalGates { id environment status requiredApprovals requestedBy closedAt decisions { actor decision comment channel decidedAt auditEventIds } auditEventIds }
      deployments { id environment kind status triggeredBy reason previousVersionId previousVersion auditEventIds }
      aliasMoves { alias fromVersionId fromVersion toVersionId toVersion actor reason auditEventIds }
      driftReports { id auditEventIds }
      retrainingRuns { id auditEventIds }
    }
  }`;
const EXPORT = `query E($since: String, $until: String) { exportAuditLog(since: $since, until: $until) { url since until firstSequence lastSequence events } }`;

/** Every id an answer's `auditEventIds` fields name, at any depth. */
function namedAuditEventIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(namedAuditEventIds);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, field]) => (key === 'auditEventIds' ? (field as string[]) : namedAuditEventIds(field)));
}

interface AuditRow {
  id: string;
  sequence: number;
  action: string;
  actor: string;
  subject_id: string;
  payload: Record<string, any>;
}

/** Runs the offline verifier as a third party would: plain node on a file. */
function verifyOffline(file: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFIER, file], (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout: stdout.trim() }));
  });
}

describe('governance: provenance of a model version, audit export verified offline', () => {
  let harness: Harness;
  let workDir: string;
  let datasetVersionId: string;
  let run: Record<string, any>;
  let provenance: Record<string, any>;
  let events: Map<string, AuditRow>;

  const download = async (url: string, token: string | null = TOKENS.ops) =>
    fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const exportToFile = async (variables: Record<string, unknown>, name: string) => {
    const { data, errors } = await harness.gql(EXPORT, variables, TOKENS.ops);
    assert.equal(errors, undefined, JSON.stringify(errors));
    // The link is built on PROVENANT_PUBLIC_URL; the harness's API listens on a port of its own.
    const link = new URL(data!.exportAuditLog.url);
    assert.equal(link.origin, harness.config.publicUrl);
    const response = await download(`${harness.url}${link.pathname}${link.search}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    const file = path.join(workDir, name);
    await writeFile(file, await response.text());
    return { file, export: data!.exportAuditLog };
  };

  before(async () => {
    harness = await startHarness();
    workDir = await mkdtemp(path.join(os.tmpdir(), 'provenant-governance-'));
    datasetVersionId = await registerDataset(harness, 'weather', DATASET_FILE);
    const started = await harness.gql(
      `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`,
      {
        input: {
          modelName: MODEL,
          datasetVersionId,
          target: 'weather',
          features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
          task: 'CLASSIFICATION',
          hyperparameters: { l2: 0.01 },
          qualityChecks: [{ metric: 'accuracy', op: 'GTE', value: 0.5 }],
          deploy: { environment: 'STAGING', requiredApprovals: 1, canary: { steps: [100], observationWindow: '1s', minRequests: 0 } },
        },
      },
      TOKENS.engineer,
    );
    const { workflowId } = started.data!.startModelPipeline;
    assert.equal((await waitForPipeline(harness, workflowId)).status, 'AWAITING_APPROVAL');
    const gate = (await harness.gql(`query G($w: String!) { pipelineRun(workflowId: $w) { approvalGate { id } } }`, { w: workflowId })).data!.pipelineRun.approvalGate;
    const decided = await harness.gql(
      `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`,
      { input: { gateId: gate.id, decision: 'APPROVE', comment: APPROVAL_COMMENT } },
      TOKENS.approver,
    );
    assert.equal(decided.data!.decideApproval.status, 'APPROVED', JSON.stringify(decided));
    await harness.temporal.workflow.getHandle(workflowId).result();
    run = (await harness.gql(`query G($w: String!) { pipelineRun(workflowId: $w) { id workflowId status modelVersion { id } } }`, { w: workflowId })).data!.pipelineRun;
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));

    const answer = await harness.gql(PROVENANCE, { id: run.modelVersion.id }, TOKENS.viewer);
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    provenance = answer.data!.provenance;
    await auditLogSealed(harness.dataSource);
    const rows: AuditRow[] = await harness.dataSource.query('SELECT id, sequence::int AS sequence, action, actor, subject_id, payload FROM audit_event');
    events = new Map(rows.map((row) => [row.id, row]));
  });
  after(async () => {
    await harness?.close();
  });

  /** The actions of the events an item names, in the order it names them; each must exist and be about `subjectId`. */
  const actionsOf = (ids: string[], subjectId: string) =>
    ids.map((id) => {
      const event = events.get(id);
      assert.ok(event, `audit event ${id} exists`);
      assert.equal(event.subject_id, subjectId, `${event.action} is about ${subjectId}`);
      return event.action;
    });
  const stageEvents = (ids: string[]) => ids.map((id) => events.get(id)!).filter((e) => e.action.startsWith('pipeline.stage.')).map((e) => `${e.action}:${e.payload.stage}`);

  test('provenance names the data with its hash, the code, the parameters, validation and evaluation, each with its audit events', async () => {
    const { modelVersion, data, pipelineRun, code, parameters, validation, evaluation } = provenance;
    assert.deepEqual([modelVersion.id, modelVersion.modelName, modelVersion.version], [run.modelVersion.id, MODEL, 1]);
    assert.deepEqual(actionsOf(modelVersion.auditEventIds, modelVersion.id), ['model_version.registered']);

    const sha256 = createHash('sha256').update(await readFile(DATASET_FILE)).digest('hex');
    assert.deepEqual(
      data.map(({ auditEventIds, ...dataset }: Record<string, any>) => dataset),
      [{ datasetVersionId, datasetName: 'weather', version: 1, contentSha256: sha256, rowCount: 1461, format: 'csv', usedAs: ['TRAINING'] }],
    );
    assert.deepEqual(actionsOf(data[0].auditEventIds, datasetVersionId), ['dataset_version.registered']);
    assert.equal(events.get(data[0].auditEventIds[0])!.payload.contentSha256, sha256);

    assert.deepEqual([pipelineRun.id, pipelineRun.workflowId, pipelineRun.status, pipelineRun.requestedBy], [run.id, run.workflowId, 'SUCCEEDED', 'engineer-user']);
    const runActions = actionsOf(pipelineRun.auditEventIds, run.id);
    assert.deepEqual([runActions[0], runActions.at(-1)], ['pipeline.requested', 'pipeline.succeeded']);

    const packageVersion = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
    assert.deepEqual([code.trainer, code.trainerVersion, code.nodeVersion, code.provenantVersion], ['builtin:logistic-regression', packageVersion, process.version, packageVersion]);
    assert.match(code.onnxruntimeVersion, /^\d+\.\d+\.\d+/);
    assert.deepEqual(stageEvents(code.auditEventIds), ['pipeline.stage.succeeded:train']);
    assert.ok(code.auditEventIds.includes(modelVersion.auditEventIds[0]), 'the registration records the reproducibility record');

    assert.deepEqual([parameters.seed, parameters.testFraction, parameters.crossValidationFolds, parameters.tuning], [42, 0.2, null, null]);
    assert.deepEqual(parameters.requestedHyperparameters, [{ name: 'l2', value: 0.01 }]);
    assert.deepEqual(parameters.hyperparameters.find((p: { name: string }) => p.name === 'l2'), { name: 'l2', value: 0.01 });
    assert.ok(parameters.hyperparameters.length > 1, 'defaults are listed too');
    assert.deepEqual(parameters.auditEventIds.map((id: string) => events.get(id)!.action), ['pipeline.requested', 'model_version.registered']);
    assert.deepEqual(events.get(parameters.auditEventIds[0])!.payload.hyperparameters, { l2: 0.01 });

    assert.equal(validation.status, 'WARN');
    assert.deepEqual(validation.failingChecks, []);
    assert.ok(validation.warningChecks.some((check: Record<string, string>) => check.name === 'class_balance' && check.column === 'weather' && check.status === 'WARN'));
    assert.deepEqual(actionsOf(validation.auditEventIds.slice(0, 1), validation.reportId), ['validation_report.created']);
    assert.deepEqual(stageEvents(validation.auditEventIds), ['pipeline.stage.succeeded:validate']);

    assert.equal(evaluation.testRowCount, 292);
    const accuracy = evaluation.metrics.find((metric: { name: string }) => metric.name === 'accuracy').value;
    assert.ok(accuracy > 0.5 && accuracy < 1, String(accuracy));
    assert.deepEqual(evaluation.metrics.map((metric: { name: string }) => metric.name), [...evaluation.metrics.map((metric: { name: string }) => metric.name)].sort());
    assert.deepEqual([evaluation.qualityChecksPassed, evaluation.qualityChecks], [true, [{ check: 'accuracy >= 0.5', observed: accuracy, required: 0.5, passed: true }]]);
    assert.deepEqual([evaluation.champion, evaluation.championSkipped], [null, null]);
    assert.deepEqual(stageEvents(evaluation.auditEventIds), ['pipeline.stage.succeeded:evaluate']);
    assert.equal(events.get(evaluation.auditEventIds.at(-1))!.payload.qualityChecksPassed, true);
  });

  test('provenance names the approval decision, the deployment and the alias move, each with its audit events', () => {
    const [gate] = provenance.approvalGates;
    assert.equal(provenance.approvalGates.length, 1);
    assert.deepEqual([gate.environment, gate.status, gate.requiredApprovals, gate.requestedBy], ['STAGING', 'APPROVED', 1, 'engineer-user']);
    assert.deepEqual(actionsOf(gate.auditEventIds, gate.id), ['approval_gate.opened', 'approval_gate.approved']);
    const [decision] = gate.decisions;
    assert.deepEqual([decision.actor, decision.decision, decision.comment, decision.channel], ['approver-user', 'APPROVE', APPROVAL_COMMENT, 'graphql']);
    assert.deepEqual(actionsOf(decision.auditEventIds, gate.id), ['approval_gate.approved_by']);
    const decided = events.get(decision.auditEventIds[0])!;
    assert.deepEqual([decided.actor, decided.payload.comment, decided.payload.decidedAt], ['approver-user', APPROVAL_COMMENT, decision.decidedAt]);

    const [deployment] = provenance.deployments;
    assert.equal(provenance.deployments.length, 1);
    assert.deepEqual(
      [deployment.environment, deployment.kind, deployment.status, deployment.reason, deployment.previousVersionId, deployment.previousVersion],
      ['STAGING', 'CANARY', 'PROMOTED', 'first deployment: no stable version to compare with', null, null],
    );
    assert.deepEqual(actionsOf(deployment.auditEventIds, deployment.id), ['deployment.canary_started', 'deployment.promoted']);

    assert.deepEqual(
      provenance.aliasMoves.map(({ auditEventIds, ...move }: Record<string, any>) => move),
      [{ alias: 'staging', fromVersionId: null, fromVersion: null, toVersionId: run.modelVersion.id, toVersion: 1, actor: 'system:deployment', reason: 'canary promoted: first deployment: no stable version to compare with' }],
    );
    const [aliasEvent] = provenance.aliasMoves[0].auditEventIds.map((id: string) => events.get(id)!);
    assert.deepEqual([aliasEvent.action, aliasEvent.payload.alias, aliasEvent.payload.toVersionId, aliasEvent.payload.toVersion], ['model.alias_set', 'staging', run.modelVersion.id, 1]);
    assert.deepEqual([provenance.driftReports, provenance.retrainingRuns], [[], []]);
  });

  test('provenance lists the drift reports of the version, their reference data, and the retraining they started', async () => {
    const retrainStarted = await harness.gql(
      `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`,
      { input: { modelName: MODEL, datasetVersionId, target: 'weather', features: ['precipitation', 'temp_max', 'temp_min', 'wind'], task: 'CLASSIFICATION', runKey: 'retrain' } },
      TOKENS.engineer,
    );
    const retrain = await waitForPipeline(harness, retrainStarted.data!.startModelPipeline.workflowId);
    assert.equal(retrain.status, 'SUCCEEDED');
    // A drift scan's report as the monitoring workflow stores it, with the events it appends.
    const [version] = await harness.dataSource.query('SELECT model_id FROM model_version WHERE id = $1', [run.modelVersion.id]);
    const report = await harness.dataSource.getRepository(DriftReportEntity).save({
      workflowId: 'drift-scan:governance',
      modelId: version.model_id,
      modelName: MODEL,
      environment: 'STAGING',
      modelVersionId: run.modelVersion.id,
      deploymentId: provenance.deployments[0].id,
      scheduleId: null,
      triggeredBy: 'ops-user',
      reference: { datasetVersionId, rows: 1461 },
      current: { kind: 'prediction_log', environment: 'STAGING', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', rows: 500 },
      datasetDrift: true,
      driftShare: 0.75,
      driftShareThreshold: 0.5,
      numberOfColumns: 4,
      numberOfDriftedColumns: 3,
      columns: [],
      predictionDrift: null,
      conceptDrift: null,
      retraining: { action: 'STARTED', reason: 'drift in 3 of 4 columns', pipelineWorkflowId: retrain.workflowId, pipelineRunId: retrain.id },
      retrainingRunId: retrain.id,
    });
    await harness.dataSource.transaction(async (manager) => {
      for (const action of ['drift_report.recorded', 'retraining.started']) {
        await appendAuditEvent(manager, { actor: 'system:drift-monitor', action, subjectType: 'drift_report', subjectId: report.id, payload: { pipelineRunId: retrain.id } });
      }
    });

    const { data } = await harness.gql(
      `query P($id: ID!) { provenance(modelVersionId: $id) {
         data { datasetVersionId usedAs } driftReports { id environment datasetDrift driftShare retrainingRunId auditEventIds }
         retrainingRuns { id driftReportId workflowId status requestedBy modelVersionId auditEventIds } } }`,
      { id: run.modelVersion.id },
    );
    const { data: datasets, driftReports, retrainingRuns } = data!.provenance;
    assert.deepEqual(datasets, [{ datasetVersionId, usedAs: ['TRAINING', 'DRIFT_REFERENCE'] }]);
    assert.deepEqual(
      driftReports.map(({ auditEventIds, ...item }: Record<string, any>) => item),
      [{ id: report.id, environment: 'STAGING', datasetDrift: true, driftShare: 0.75, retrainingRunId: retrain.id }],
    );
    await auditLogSealed(harness.dataSource);
    const audited = await harness.dataSource.query('SELECT id, action, subject_id FROM audit_event WHERE subject_id = ANY($1) ORDER BY sequence', [[report.id, retrain.id]]);
    const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id);
    assert.deepEqual(driftReports[0].auditEventIds, idsOf(audited.filter((row: Record<string, string>) => row.subject_id === report.id)));
    assert.deepEqual(
      retrainingRuns.map(({ auditEventIds, ...item }: Record<string, any>) => item),
      [{ id: retrain.id, driftReportId: report.id, workflowId: retrain.workflowId, status: 'SUCCEEDED', requestedBy: 'engineer-user', modelVersionId: retrain.modelVersion.id }],
    );
    assert.deepEqual(
      retrainingRuns[0].auditEventIds,
      idsOf(audited.filter((row: Record<string, string>) => row.action === 'retraining.started' || row.subject_id === retrain.id)),
    );
    assert.equal(audited.filter((row: Record<string, string>) => row.subject_id === retrain.id)[0].action, 'pipeline.requested');
  });

  test('provenance refuses ids that are not model versions', async () => {
    assertError(await harness.gql(PROVENANCE, { id: 'nope' }), 'BAD_USER_INPUT', 'modelVersionId', /expected a UUID/);
    assertError(await harness.gql(PROVENANCE, { id: datasetVersionId }), 'NOT_FOUND', 'modelVersionId', /model version .* not found/);
  });

  test('the whole log exports and verifies offline, ending at the hash the live chain ends at', async () => {
    // More events than the export reads from its cursor at a time, so the stream spans several batches.
    await harness.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 2100; i += 1) {
        await appendAuditEvent(manager, { actor: 'ops-user', action: 'test.filler', subjectType: 'test', subjectId: `filler-${i}`, payload: { i, text: 'ünïcode ☃', big: 1e21 } });
      }
    });
    const { file, export: whole } = await exportToFile({}, 'whole.ndjson');
    const [{ count }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM audit_event WHERE occurred_at < $1', [whole.until]);
    assert.deepEqual([whole.since, whole.firstSequence, whole.lastSequence, whole.events], [null, 1, count, count]);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(
      [lines[0].format, lines[0].version, lines[0].firstSequence, lines[0].lastSequence, lines[0].previousHash, lines.length],
      ['provenant-audit-export', 1, 1, count, '0'.repeat(64), count + 1],
    );
    const exportedIds = new Set(lines.slice(1).map((line) => line.id));
    const provenanceIds = namedAuditEventIds(provenance);
    assert.ok(provenanceIds.length >= 15 && provenanceIds.every((id: string) => exportedIds.has(id)), 'every event provenance names is in the export');

    const verified = await verifyOffline(file);
    const lastHash = lines.at(-1).hash;
    assert.deepEqual(verified, { code: 0, stdout: `OK: ${count} events, sequences 1-${count}, last hash ${lastHash}` });
    const live = await harness.gql(`query V($n: Float) { verifyAuditLog(throughSequence: $n) { ok lastSequence lastHash } }`, { n: count }, TOKENS.ops);
    assert.deepEqual(live.data!.verifyAuditLog, { ok: true, lastSequence: count, lastHash });
  });

  test('an export stopped part-way (the client hung up) ends its transaction and frees its connection', async () => {
    const plan = await planAuditExport(harness.dataSource, { since: null, until: new Date() });
    const lines = auditExportLines(harness.dataSource, plan, new Date());
    const exporting = () =>
      harness.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE 'FETCH FORWARD%'`);
    assert.equal(JSON.parse((await lines.next()).value).lastSequence, plan.lastSequence);
    const firstBatch = (await lines.next()).value!.trimEnd().split('\n');
    assert.deepEqual([firstBatch.length, JSON.parse(firstBatch[0]).sequence], [1000, 1]);
    assert.deepEqual(await exporting(), [{ n: 1 }], 'the cursor waits in its transaction for the next read');
    await lines.return(undefined);
    assert.deepEqual(await exporting(), [{ n: 0 }]);
  });

  test('a range from the approval on verifies on its own, from the hash of the event before it; an empty range too', async () => {
    const opened = [...events.values()].find((event) => event.action === 'approval_gate.opened')!;
    const [{ occurred_at: since }] = await harness.dataSource.query('SELECT occurred_at FROM audit_event WHERE id = $1', [opened.id]);
    const { file, export: range } = await exportToFile({ since: since.toISOString() }, 'range.ndjson');
    assert.ok(range.firstSequence > 1 && range.firstSequence <= opened.sequence, JSON.stringify(range));
    const [header, first] = (await readFile(file, 'utf8')).split('\n', 2).map((line) => JSON.parse(line));
    const [before_] = await harness.dataSource.query('SELECT hash FROM audit_event WHERE sequence = $1', [range.firstSequence - 1]);
    assert.deepEqual([header.since, header.previousHash, first.sequence, first.previousHash], [since.toISOString(), before_.hash, range.firstSequence, before_.hash]);
    const verified = await verifyOffline(file);
    assert.equal(verified.code, 0, verified.stdout);
    assert.match(verified.stdout, new RegExp(`^OK: ${range.events} events, sequences ${range.firstSequence}-${range.lastSequence}, last hash [0-9a-f]{64}$`));

    const { file: emptyFile, export: empty } = await exportToFile({ since: '2000-01-01', until: '2000-01-02' }, 'empty.ndjson');
    assert.deepEqual([empty.firstSequence, empty.lastSequence, empty.events], [null, null, 0]);
    assert.deepEqual(await verifyOffline(emptyFile), { code: 0, stdout: `OK: 0 events, an empty range, last hash ${'0'.repeat(64)}` });
  });

  test('an edited line is named as a hash mismatch, a removed one as a gap', async () => {
    const { file } = await exportToFile({}, 'tampered.ndjson');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const decisionLine = lines.findIndex((line) => JSON.parse(line).action === 'approval_gate.approved_by');
    const decision = JSON.parse(lines[decisionLine]);
    const edited = [...lines];
    edited[decisionLine] = JSON.stringify({ ...decision, payload: { ...decision.payload, comment: 'rubber-stamped' } });
    await writeFile(path.join(workDir, 'edited.ndjson'), `${edited.join('\n')}\n`);
    const mismatch = await verifyOffline(path.join(workDir, 'edited.ndjson'));
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stdout, new RegExp(`^FAILED at line ${decisionLine + 1} \\(sequence ${decision.sequence}\\): hash mismatch`));

    const removed = lines.filter((_, i) => i !== decisionLine);
    await writeFile(path.join(workDir, 'removed.ndjson'), `${removed.join('\n')}\n`);
    const gap = await verifyOffline(path.join(workDir, 'removed.ndjson'));
    assert.equal(gap.code, 1);
    assert.match(gap.stdout, new RegExp(`^FAILED at line ${decisionLine + 1} \\(sequence ${decision.sequence + 1}\\): gap in sequence: expected ${decision.sequence}, found ${decision.sequence + 1}`));
  });

  test('only ops and admin export; without a token the export is refused; bad ranges name the parameter', async () => {
    const url = `${harness.url}/audit/export`;
    const anonymous = await download(url, null);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
    assert.equal(((await anonymous.json()) as { code: string }).code, 'UNAUTHENTICATED');
    const viewer = await download(url, TOKENS.viewer);
    assert.equal(viewer.status, 403);
    assert.deepEqual(await viewer.json(), { code: 'FORBIDDEN', message: 'role viewer may not perform this operation' });
    assertError(await harness.gql(EXPORT, {}, TOKENS.viewer), 'FORBIDDEN', undefined, /role viewer/);
    const admin = await download(url, TOKENS.admin);
    assert.equal(admin.status, 200);
    assert.equal(JSON.parse((await admin.text()).split('\n', 1)[0]).format, 'provenant-audit-export');
    const bad = await download(`${url}?since=yesterday`);
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { code: 'BAD_USER_INPUT', field: 'since', message: 'since: must be an ISO 8601 date (2025-01-31) or date and time with a time zone (2025-01-31T09:30:00Z)' });
    assertError(await harness.gql(EXPORT, { since: '2026-01-02', until: '2026-01-01' }, TOKENS.ops), 'BAD_USER_INPUT', 'until', /later than since/);
  });

  test('a row changed in the database behind the trigger is located by verifyAuditLog and fails the next export', async () => {
    const decision = [...events.values()].find((event) => event.action === 'approval_gate.approved_by')!;
    await bypassAppendOnly(harness.dataSource, `UPDATE audit_event SET payload = payload || '{"comment": "rubber-stamped"}' WHERE id = $1`, [decision.id]);
    // Full: the events were verified before the change (above), and an incremental call does not re-read them.
    const live = await harness.gql(`{ verifyAuditLog(full: true) { ok firstInvalidSequence lastSequence } }`, {}, TOKENS.ops);
    assert.equal(live.errors, undefined, JSON.stringify(live.errors));
    assert.deepEqual(live.data!.verifyAuditLog, { ok: false, firstInvalidSequence: decision.sequence, lastSequence: decision.sequence - 1 });
    const { file } = await exportToFile({}, 'after-tampering.ndjson');
    const verified = await verifyOffline(file);
    assert.equal(verified.code, 1);
    assert.match(verified.stdout, new RegExp(`^FAILED at line ${decision.sequence + 1} \\(sequence ${decision.sequence}\\): hash mismatch`));
  });
});
