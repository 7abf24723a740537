import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { createActivities } from '../activities';
import { verifyAuditLog } from '../db/audit-log';
import type { DeployRequest } from '../domain/approval';
import { DEFAULT_CANARY_POLICY } from '../domain/deployment';
import { DRIFT_MONITOR_ACTOR, type ColumnDriftResult, type ConceptDriftResult, type CurrentSample, type DriftFindings, type DriftScanInput, type DriftScanPlan } from '../domain/drift';
import type { PipelineInput } from '../domain/pipeline';
import { taskQueuesFor } from '../domain/task-queues';
import { detectorOutcome } from '../ml/concept-drift/detector-outcome';
import { emptyErrorStreamDetectors, observeError } from '../ml/concept-drift/error-stream-detectors';
import { evenErrorStream } from '../ml/concept-drift/error-streams';
import { FOLLOWING_WINDOW } from '../ml/concept-drift/following-window';
import { addToBinnedColumn, emptyBinnedColumn } from '../ml/drift/binned-column';
import { categoryCounts } from '../ml/drift/category-counts';
import { columnDrift } from '../ml/drift/column-drift';
import { datasetDrift } from '../ml/drift/dataset-drift';
import { quantileBinEdges } from '../ml/drift/quantile-bin-edges';
import { logger } from '../platform/logger';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { SAMPLE_DATA, startHarness, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id version } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;

const MODEL = 'weather-drift';
const DATASET = 'seattle-weather';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const ALERTS_CHANNEL = 'C0DRIFTALERTS';
/** From this row on, the second dataset version is warmer and windier: three of the four features drift. */
const CHANGED_FROM_ROW = 730;

const DEPLOY: DeployRequest = {
  environment: 'STAGING',
  requiredApprovals: 1,
  approvers: [],
  remindAfterMs: 3600_000,
  expiresAfterMs: 7200_000,
  canary: DEFAULT_CANARY_POLICY,
};

type Columns = Record<string, Float64Array>;

interface ScannedVersion {
  id: string;
  version: number;
  artifactUri: string;
  classLabels: string[];
}

describe('drift bookkeeping: reports, retraining decisions and alerts', () => {
  let harness: Harness;
  let slack: FakeSlack;
  let activities: ReturnType<typeof createActivities>['pipelines'];
  let scanned: ScannedVersion;
  let modelId: string;
  let firstVersionId: string;
  let secondVersionId: string;
  let deploymentId: string;
  let original: Columns;
  let warmer: Columns;
  let originalLabels: string[];
  let warmerLabels: string[];

  before(async () => {
    slack = await startFakeSlack();
    harness = await startHarness({ env: { SLACK_BOT_TOKEN: 'xoxb-drift-test', SLACK_ALERTS_CHANNEL: ALERTS_CHANNEL, SLACK_API_URL: slack.apiUrl } });
    const store = artifactStoreFor(harness.config);
    activities = createActivities({ dataSource: harness.dataSource, store, logger, config: harness.config }).pipelines;

    const csv = await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8');
    const first = await harness.gql(REGISTER, { input: { name: DATASET, uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') } });
    firstVersionId = first.data!.registerDataset.id;
    const warmerFile = path.join(harness.config.dataDir, 'seattle-weather-warmer.csv');
    await writeFile(warmerFile, warmerCsv(csv));
    const second = await harness.gql(REGISTER, { input: { name: DATASET, uri: warmerFile } });
    assert.equal(second.data!.registerDataset.version, 2, JSON.stringify(second));
    secondVersionId = second.data!.registerDataset.id;

    const started = await harness.gql(START, {
      input: { modelName: MODEL, datasetVersionId: firstVersionId, target: 'weather', features: FEATURES, task: 'CLASSIFICATION' },
    });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    scanned = run.modelVersion;
    [{ id: modelId }] = await harness.dataSource.query('SELECT id FROM model WHERE name = $1', [MODEL]);

    original = featureColumns(csv);
    warmer = featureColumns(warmerCsv(csv));
    const session = await ort.InferenceSession.create(await store.read(scanned.artifactUri));
    originalLabels = await predictedLabels(session, original);
    warmerLabels = await predictedLabels(session, warmer);
    await session.release();

    // The scanned version serves STAGING, as it would after its approval and a promotion (the release guard wants the approved gate).
    await harness.dataSource.query(
      `INSERT INTO approval_gate (pipeline_run_id, model_version_id, environment, status, required_approvals, eligible_approvers, workflow_id, requested_by,
         subject_kind, subject_id, subject_title, deadline)
       VALUES ($1, $2::uuid, 'STAGING', 'APPROVED', 1, '[]', 'drift-test-approval', 'engineer-user', 'model_version', $2::text, 'weather-drift → STAGING', now())`,
      [run.id, scanned.id],
    );
    const deployment = await activities.beginDeployment({
      workflowId: `deployment:${MODEL}:STAGING:drift-test`,
      modelName: MODEL,
      environment: 'STAGING',
      modelVersionId: scanned.id,
      kind: 'PROMOTE',
      triggeredBy: 'ops-user',
      approvalGateId: null,
      reason: 'serve the version the drift test scans',
    });
    deploymentId = deployment.deploymentId;
    await activities.finishDeployment({ deploymentId, outcome: 'PROMOTED', reason: 'serve the version the drift test scans' });

    await harness.dataSource.query(
      `INSERT INTO retraining_policy (model_name, enabled, consecutive_drifted_scans, on_concept_drift, cooldown_ms, deploy, updated_by)
       VALUES ($1, true, 2, true, $2, $3, 'ops-user')`,
      [MODEL, 3600_000, JSON.stringify(DEPLOY)],
    );
  });

  after(async () => {
    await harness?.close();
    await slack?.close();
  });

  const input = (environment: 'STAGING' | null): DriftScanInput => ({
    modelName: MODEL,
    environment,
    windowMs: 3600_000,
    referenceDatasetVersionId: null,
    currentDatasetVersionId: environment ? null : firstVersionId,
    triggeredBy: 'engineer-user',
    scheduleId: null,
    taskQueues: taskQueuesFor(harness.config.taskQueuePrefix),
  });

  const plan = (scanId: string, current: CurrentSample): DriftScanPlan => ({
    scanId,
    modelName: MODEL,
    modelId,
    task: 'CLASSIFICATION',
    target: 'weather',
    modelVersionId: scanned.id,
    modelVersion: scanned.version,
    artifactUri: scanned.artifactUri,
    classLabels: scanned.classLabels,
    deploymentId: current.kind === 'prediction_log' ? deploymentId : null,
    reference: { datasetVersionId: firstVersionId, rows: original.wind.length },
    current,
    columns: FEATURES.map((name) => ({ name, kind: 'numeric' })),
  });

  /** The hour of STAGING traffic starting at `from`, carrying the warmer rows. */
  const stagingHour = (from: string): CurrentSample => ({
    kind: 'prediction_log',
    environment: 'STAGING',
    from,
    to: new Date(Date.parse(from) + 3600_000).toISOString(),
    rows: warmer.wind.length,
  });

  const findings = (current: Columns, currentLabels: string[], conceptDrift: ConceptDriftResult | null): DriftFindings => {
    const columns = FEATURES.map((name) => numericDrift(name, original[name], current[name]));
    const dataset = datasetDrift(columns);
    return {
      columns,
      numberOfDriftedColumns: dataset.numberOfDriftedColumns,
      driftShare: dataset.driftShare,
      driftShareThreshold: dataset.threshold,
      datasetDrift: dataset.datasetDrift,
      predictionDrift: labelDrift('prediction', originalLabels, currentLabels),
      conceptDrift,
    };
  };

  const auditOf = async (subjectId: string): Promise<{ actor: string; action: string; payload: Record<string, any> }[]> => {
    await auditLogSealed(harness.dataSource);
    return harness.dataSource.query('SELECT actor, action, payload FROM audit_event WHERE subject_id = $1 ORDER BY sequence', [subjectId]);
  };
  const edgesInto = (id: string): Promise<{ from_id: string; relation: string }[]> =>
    harness.dataSource.query('SELECT from_id, relation FROM lineage_edge WHERE to_id = $1 ORDER BY relation', [id]);
  const alerts = () => slack.callsTo('chat.postMessage').filter((call) => call.body.channel === ALERTS_CHANNEL);

  let quietReportId: string;
  let firstDriftReportId: string;
  let secondDriftReportId: string;
  let started: Awaited<ReturnType<typeof activities.applyRetrainingPolicy>>;

  test('a report is stored once per scan, with its lineage and one audit event', async () => {
    const drifted = findings(warmer, warmerLabels, null);
    assert.deepEqual(drifted.columns.filter((column) => column.drifted).map((column) => column.column), ['temp_max', 'temp_min', 'wind']);
    const scan = plan(`drift-scan:${MODEL}:first`, stagingHour('2026-03-01T00:00:00.000Z'));
    const summary = await activities.recordDriftReport(scan, drifted, input('STAGING'));
    const again = await activities.recordDriftReport(scan, drifted, input('STAGING'));
    assert.deepEqual(again, summary);
    assert.deepEqual(summary, {
      reportId: summary.reportId,
      datasetDrift: true,
      driftShare: 0.75,
      predictionDrifted: drifted.predictionDrift!.drifted,
      conceptDriftLevel: null,
    });
    firstDriftReportId = summary.reportId;
    const rows = await harness.dataSource.query('SELECT id, environment, deployment_id, number_of_columns, number_of_drifted_columns FROM drift_report WHERE workflow_id = $1', [scan.scanId]);
    assert.deepEqual(rows, [{ id: summary.reportId, environment: 'STAGING', deployment_id: deploymentId, number_of_columns: 4, number_of_drifted_columns: 3 }]);

    const [node] = await harness.dataSource.query('SELECT kind, label FROM lineage_node WHERE id = $1', [summary.reportId]);
    assert.deepEqual(node, { kind: 'drift_report', label: `drift:${MODEL}@STAGING` });
    assert.deepEqual(await edgesInto(summary.reportId), [
      { from_id: scanned.id, relation: 'monitored_by' },
      { from_id: firstVersionId, relation: 'reference_of' },
      { from_id: deploymentId, relation: 'scanned_by' },
    ]);
    const audit = await auditOf(summary.reportId);
    assert.deepEqual(audit, [
      {
        actor: DRIFT_MONITOR_ACTOR,
        action: 'drift_report.recorded',
        payload: {
          modelName: MODEL,
          environment: 'STAGING',
          version: scanned.version,
          triggeredBy: 'engineer-user',
          datasetDrift: true,
          driftShare: 0.75,
          driftedColumns: ['temp_max', 'temp_min', 'wind'],
          predictionDrifted: drifted.predictionDrift!.drifted,
          conceptDrift: { ddm: null, eddm: null, pageHinkley: null },
        },
      },
    ]);
  });

  test('a dataset-version scan is tied to both dataset versions it compared, and without drift retraining is not needed', async () => {
    const scan = plan(`drift-scan:${MODEL}:quiet`, { kind: 'dataset_version', datasetVersionId: firstVersionId, rows: original.wind.length });
    const summary = await activities.recordDriftReport(scan, findings(original, originalLabels, null), input(null));
    assert.equal(summary.datasetDrift, false);
    assert.equal(summary.driftShare, 0);
    quietReportId = summary.reportId;
    const [node] = await harness.dataSource.query('SELECT label FROM lineage_node WHERE id = $1', [quietReportId]);
    assert.equal(node.label, `drift:${MODEL}@${DATASET} v1`);
    assert.deepEqual(await edgesInto(quietReportId), [
      { from_id: firstVersionId, relation: 'current_of' },
      { from_id: scanned.id, relation: 'monitored_by' },
      { from_id: firstVersionId, relation: 'reference_of' },
    ]);

    const outcome = await activities.applyRetrainingPolicy(quietReportId);
    assert.deepEqual(outcome, {
      decision: {
        action: 'NOT_NEEDED',
        reason: 'no trigger met: dataset drift in 0 consecutive scans, the policy needs 2; no concept drift confirmed in the window (no signal awaiting confirmation either)',
        conceptDriftConfirmation: 'FOLLOWING_WINDOW',
        pipelineWorkflowId: null,
        pipelineRunId: null,
      },
      start: null,
    });
  });

  test('one drifted scan is not enough, the second in a row starts a retraining run on the newest data, a retry starts nothing new', async () => {
    const first = await activities.applyRetrainingPolicy(firstDriftReportId);
    assert.deepEqual(first.decision, {
      action: 'NOT_NEEDED',
      reason: 'no trigger met: dataset drift in 1 consecutive scan, the policy needs 2; no concept drift confirmed in the window (no signal awaiting confirmation either)',
      conceptDriftConfirmation: 'FOLLOWING_WINDOW',
      pipelineWorkflowId: null,
      pipelineRunId: null,
    });

    const scan = plan(`drift-scan:${MODEL}:second`, stagingHour('2026-03-01T01:00:00.000Z'));
    secondDriftReportId = (await activities.recordDriftReport(scan, findings(warmer, warmerLabels, null), input('STAGING'))).reportId;
    started = await activities.applyRetrainingPolicy(secondDriftReportId);
    assert.equal(started.decision.action, 'STARTED');
    assert.equal(started.decision.reason, `dataset drift in the last 2 scans: retraining ${MODEL} on ${DATASET} v2`);
    assert.ok(started.start);
    assert.equal(started.decision.pipelineWorkflowId, started.start.workflowId);
    assert.match(started.start.workflowId, new RegExp(`^pipeline:${MODEL}:[0-9a-f]{20}$`));

    const [scannedRun] = await harness.dataSource.query('SELECT p.input FROM pipeline_run p JOIN model_version v ON v.pipeline_run_id = p.id WHERE v.id = $1', [scanned.id]);
    const expected: PipelineInput = {
      ...(scannedRun.input as PipelineInput),
      datasetVersionId: secondVersionId,
      deploy: DEPLOY,
      requestedBy: DRIFT_MONITOR_ACTOR,
      taskQueues: taskQueuesFor(harness.config.taskQueuePrefix),
    };
    assert.deepEqual(started.start.input, expected);
    const runs = await harness.dataSource.query(
      'SELECT id, workflow_id, status, dataset_version_id, requested_by, input FROM pipeline_run WHERE requested_by = $1',
      [DRIFT_MONITOR_ACTOR],
    );
    assert.deepEqual(runs, [
      { id: started.decision.pipelineRunId, workflow_id: started.start.workflowId, status: 'RUNNING', dataset_version_id: secondVersionId, requested_by: DRIFT_MONITOR_ACTOR, input: expected },
    ]);
    const [report] = await harness.dataSource.query('SELECT retraining, retraining_run_id FROM drift_report WHERE id = $1', [secondDriftReportId]);
    assert.deepEqual(report, { retraining: started.decision, retraining_run_id: started.decision.pipelineRunId });
    assert.deepEqual(await edgesInto(started.decision.pipelineRunId!), [
      { from_id: secondDriftReportId, relation: 'triggered' },
      { from_id: secondVersionId, relation: 'used_by' },
    ]);
    const retrainingAudit = (await auditOf(secondDriftReportId)).filter((event) => event.action.startsWith('retraining.'));
    const [{ updated_at: policyUpdatedAt }] = await harness.dataSource.query('SELECT updated_at FROM retraining_policy WHERE model_name = $1', [MODEL]);
    assert.deepEqual(retrainingAudit, [
      {
        actor: DRIFT_MONITOR_ACTOR,
        action: 'retraining.started',
        payload: {
          reportId: secondDriftReportId,
          reason: started.decision.reason,
          policy: {
            modelName: MODEL,
            enabled: true,
            consecutiveDriftedScans: 2,
            onConceptDrift: true,
            conceptDriftConfirmation: 'FOLLOWING_WINDOW',
            confirmationSignals: 3,
            cooldownMs: 3600_000, deploy: DEPLOY, updatedBy: 'ops-user', updatedAt: policyUpdatedAt.toISOString() },
          workflowId: started.start.workflowId,
          datasetVersionId: secondVersionId,
          datasetVersion: `${DATASET} v2`,
        },
      },
    ]);
    assert.deepEqual(
      (await auditOf(started.decision.pipelineRunId!)).map((event) => [event.actor, event.action]),
      [[DRIFT_MONITOR_ACTOR, 'pipeline.requested']],
    );

    assert.deepEqual(await activities.applyRetrainingPolicy(secondDriftReportId), started);
    const [{ count }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM pipeline_run WHERE requested_by = $1', [DRIFT_MONITOR_ACTOR]);
    assert.equal(count, 1);
  });

  test('concept drift confirmed inside the window triggers too, but inside the cooldown the run is skipped and the earlier run named', async () => {
    const concept = conceptDriftFrom('2026-03-01T02:00:00.000Z');
    assert.ok(concept.ddm!.drifts.length > 0, 'DDM signals the change in the error rate');
    assert.equal(concept.ddm!.confirmations![0].status, 'CONFIRMED', 'the 200 predictions after the signal confirm it');
    const scan = plan(`drift-scan:${MODEL}:third`, stagingHour('2026-03-01T02:00:00.000Z'));
    const summary = await activities.recordDriftReport(scan, findings(original, originalLabels, concept), input('STAGING'));
    assert.equal(summary.datasetDrift, false);
    // Both detectors reset after signalling, so the level after the last prediction is NONE
    // again: the policy reads when drift was signalled, not the final level.
    assert.equal(summary.conceptDriftLevel, 'NONE');
    const outcome = await activities.applyRetrainingPolicy(summary.reportId);
    assert.equal(outcome.start, null);
    assert.equal(outcome.decision.action, 'SKIPPED');
    assert.match(
      outcome.decision.reason,
      new RegExp(
        `^concept drift confirmed over the following window: DDM at ${concept.ddm!.drifts[0]} confirmed at ${concept.ddm!.confirmations![0].decidedAt}.*, but ${started.start!.workflowId} started at \\S+ and the cooldown lasts until \\S+$`,
      ),
    );
    const skipped = (await auditOf(summary.reportId)).filter((event) => event.action.startsWith('retraining.'));
    assert.deepEqual(skipped.map((event) => [event.action, event.payload.reason]), [['retraining.skipped', outcome.decision.reason]]);
    const [{ count }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM pipeline_run WHERE requested_by = $1', [DRIFT_MONITOR_ACTOR]);
    assert.equal(count, 1);
  });

  test('a drifted report is alerted once, naming its top features; a report without drift is not alerted', async () => {
    await activities.notifyDriftAlert(quietReportId);
    assert.equal(alerts().length, 0);

    await activities.notifyDriftAlert(firstDriftReportId);
    await activities.notifyDriftAlert(firstDriftReportId);
    assert.equal(alerts().length, 1);
    const [alert] = alerts();
    assert.equal(alert.body.text, `Drift: ${MODEL} v${scanned.version} in STAGING: 3 of 4 features drifted`);
    const text = JSON.stringify(alert.body.blocks);
    for (const feature of ['temp_max', 'temp_min', 'wind']) assert.ok(text.includes(`• *${feature}*: `), `${feature} in ${text}`);
    assert.ok(!text.includes('• *precipitation*'));
    assert.ok(text.includes(`${harness.config.publicUrl}/reports/drift/${firstDriftReportId}|Drift report`));
    assert.deepEqual(
      (await auditOf(firstDriftReportId)).filter((event) => event.action === 'drift_report.alert_sent').map((event) => event.payload),
      [{ modelName: MODEL, channel: ALERTS_CHANNEL, ts: alert.reply.ts }],
    );

    await activities.notifyDriftAlert(secondDriftReportId);
    assert.equal(alerts().length, 2);
    assert.ok(JSON.stringify(alerts()[1].body.blocks).includes(`Run \`${started.start!.workflowId}\``));
  });

  test('everything monitoring wrote keeps the audit hash chain intact', async () => {
    assert.equal((await verifyAuditLog(harness.dataSource)).ok, true);
  });
});

/** The sample with every row from CHANGED_FROM_ROW on 6 °C warmer and half again as windy. */
function warmerCsv(csv: string): string {
  const [header, ...lines] = csv.trim().split('\n');
  const changed = lines.map((line, index) => {
    if (index < CHANGED_FROM_ROW) return line;
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
    return [date, precipitation, round(Number(tempMax) + 6), round(Number(tempMin) + 6), round(Number(wind) * 1.5), weather].join(',');
  });
  return `${[header, ...changed].join('\n')}\n`;
}

function round(value: number): string {
  return value.toFixed(1);
}

function featureColumns(csv: string): Columns {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  const cells = lines.map((line) => line.split(','));
  return Object.fromEntries(FEATURES.map((feature) => [feature, Float64Array.from(cells, (row) => Number(row[names.indexOf(feature)]))]));
}

async function predictedLabels(session: ort.InferenceSession, columns: Columns): Promise<string[]> {
  const rows = columns.wind.length;
  const values = new Float32Array(rows * FEATURES.length);
  for (let row = 0; row < rows; row += 1) FEATURES.forEach((feature, j) => (values[row * FEATURES.length + j] = columns[feature][row]));
  const outputs = await session.run({ numeric_features: new ort.Tensor('float32', values, [rows, FEATURES.length]) });
  return Array.from(outputs.label.data as string[]);
}

/** A numeric column's drift with its histogram over the reference's deciles; the sample has no missing values. */
function numericDrift(name: string, reference: Float64Array, current: Float64Array): ColumnDriftResult {
  const interior = quantileBinEdges(reference, 10);
  const counts = (values: Float64Array) => Array.from(addToBinnedColumn(emptyBinnedColumn(interior), values).counts);
  const low = Math.min(...reference, ...current);
  const high = Math.max(...reference, ...current);
  return {
    ...columnDrift({ name, kind: 'numeric', reference, current }),
    kind: 'numeric',
    histogram: { kind: 'numeric', edges: [low, ...interior, high], reference: counts(reference), current: counts(current) },
    quality: { column: name, referenceNullShare: 0, currentNullShare: 0, unseenCategories: [], unseenShare: 0, drifted: false },
  };
}

/** Drift of the model's predicted labels. */
function labelDrift(name: string, reference: string[], current: string[]): ColumnDriftResult {
  const counts = categoryCounts(reference, current);
  return {
    ...columnDrift({ name, kind: 'categorical', reference, current }),
    kind: 'categorical',
    histogram: {
      kind: 'categorical',
      categories: counts.categories,
      reference: Array.from(counts.reference),
      current: Array.from(counts.current),
      referenceOther: 0,
      currentOther: 0,
    },
    quality: { column: name, referenceNullShare: 0, currentNullShare: 0, unseenCategories: [], unseenShare: 0, drifted: false },
  };
}

/**
 * DDM and EDDM, with their signals' confirmations, over 600 labelled predictions, one a
 * second, whose error rate rises from 10% to 50% at `changeAt`: the first 300 before it,
 * the rest inside the scanned hour.
 */
function conceptDriftFrom(changeAt: string): ConceptDriftResult {
  const errors = evenErrorStream(600, 300, 0.1, 0.5);
  const loggedAt = (step: number) => new Date(Date.parse(changeAt) + (step - 300) * 1000).toISOString();
  const detectors = emptyErrorStreamDetectors<string>();
  errors.forEach((error, step) => observeError(detectors, error, loggedAt(step)));
  return {
    labelledRows: errors.length,
    metric: 'error_rate',
    windows: [],
    ddm: detectorOutcome(detectors.ddm, detectors.ddmConfirmation),
    eddm: detectorOutcome(detectors.eddm, detectors.eddmConfirmation),
    pageHinkley: null,
    confirmationWindow: FOLLOWING_WINDOW,
  };
}
