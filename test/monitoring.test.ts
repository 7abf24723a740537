import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logger } from '../platform/logger';
import { createServingServer, type ServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { METRICS_TOKEN, SAMPLE_DATA, SERVING_TOKEN, TOKENS, assertError, startHarness, waitForPipeline, type Harness } from './support/harness';
import { openInChromium } from './support/headless-chromium';

const MODEL = 'weather-monitored';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const ALERTS_CHANNEL = 'C0DRIFT';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id version } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const GATE = `query G($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status modelVersion { id version } approvalGate { id status } datasetVersionId requestedBy } }`;
const TRIGGER = `
  mutation T($model: String!, $environment: DeployEnvironment, $window: String, $current: ID, $reference: ID) {
    triggerDriftScan(modelName: $model, environment: $environment, window: $window, currentDatasetVersionId: $current, referenceDatasetVersionId: $reference) { workflowId }
  }`;
const REPORT_FIELDS = `
  id workflowId modelName environment modelVersion deploymentId scheduleId triggeredBy
  reference { datasetVersionId rows } current { kind environment from to datasetVersionId rows }
  datasetDrift driftShare driftShareThreshold numberOfColumns numberOfTestedColumns numberOfDriftedColumns
  columns { column kind kindChosenBy test testChosenBy statistic pValue threshold referenceSize currentSize drifted status binned histogram quality { referenceNullShare currentNullShare noCurrentValues unseenCategories drifted } }
  predictionDrift { column kind test statistic threshold drifted }
  dataQuality { column drifted }
  conceptDrift {
    labelledRows metric windows { from to rows value }
    ddm { level warnings drifts confirmations { at status decidedAt rowsBefore rowsAfter pValue } } eddm { level warnings drifts } pageHinkley { level }
    confirmationWindow { rows significance }
  }
  performanceEstimate { method calibration referenceRows referenceExpectedAccuracy referenceRealisedAccuracy rowsWithoutProbabilities assumptions
    windows { from to rows expectedAccuracy expectedMacroF1 labelledRows realisedAccuracy realisedMacroF1 } }
  retraining { action reason conceptDriftConfirmation pipelineWorkflowId pipelineRunId }
  reportUrl createdAt`;
const SCAN = `query S($workflowId: String!) { driftScan(workflowId: $workflowId) { workflowId status failure report { ${REPORT_FIELDS} } } }`;

type Row = Record<string, string | number>;

/**
 * Monitoring end to end on the real dev server and Postgres: seasonal drift on
 * seattle-weather, scans of live serving traffic, concept drift from recorded ground truth,
 * a Temporal Schedule created, run and paused, and drift-triggered retraining that stops at
 * the human approval gate.
 */
describe('monitoring: drift scans, schedules, concept drift, alerts and retraining', () => {
  let harness: Harness;
  let slack: FakeSlack;
  let serving: ServingServer;
  let servingUrl: string;
  let rows: Row[];
  const versions: Record<string, string> = {};
  let deployedVersionId: string;

  const csvOf = (subset: Row[]) => ['date,precipitation,temp_max,temp_min,wind,weather', ...subset.map((row) => ['date', ...FEATURES, 'weather'].map((name) => row[name]).join(','))].join('\n') + '\n';

  async function registerRows(name: string, file: string, subset: Row[]): Promise<string> {
    const target = path.join(harness.config.dataDir, file);
    await writeFile(target, csvOf(subset));
    const registered = await harness.gql(REGISTER, { input: { name, uri: target } });
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    return registered.data!.registerDataset.id;
  }

  async function scan(variables: Record<string, unknown>, token: string = TOKENS.engineer): Promise<Record<string, any>> {
    const started = await harness.gql(TRIGGER, { model: MODEL, ...variables }, token);
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    return waitForScan(started.data!.triggerDriftScan.workflowId);
  }

  async function waitForScan(workflowId: string): Promise<Record<string, any>> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { data, errors } = await harness.gql(SCAN, { workflowId });
      assert.equal(errors, undefined, JSON.stringify(errors));
      const { status, failure, report } = data!.driftScan;
      if (status !== 'RUNNING') {
        assert.equal(status, 'COMPLETED', `scan ${workflowId} ended ${status}: ${failure}`);
        return report;
      }
      if (Date.now() > deadline) throw new Error(`drift scan ${workflowId} still running`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function infer(subset: Row[], idPrefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < subset.length; start += 10) {
      const batch = subset.slice(start, start + 10);
      const id = `${idPrefix}-${start}`;
      const response = await fetch(`${servingUrl}/v2/models/${MODEL}/infer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, inputs: FEATURES.map((name) => ({ name, datatype: 'FP32', shape: [batch.length], data: batch.map((row) => row[name]) })) }),
      });
      assert.equal(response.status, 200, await response.text());
      ids.push(id);
    }
    return ids;
  }

  /** The serving process writes its log in batches; a scan sees what has been flushed. */
  async function waitForLoggedPredictions(count: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n }] = await harness.dataSource.query(`SELECT count(*)::int AS n FROM prediction_log WHERE model_name = $1`, [MODEL]);
      if (n >= count) return;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${count} predictions were logged`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async () => {
    slack = await startFakeSlack();
    harness = await startHarness({
      env: { SLACK_BOT_TOKEN: 'xoxb-provenant-test', SLACK_APPROVALS_CHANNEL: 'C0APPROVALS', SLACK_ALERTS_CHANNEL: ALERTS_CHANNEL, SLACK_API_URL: slack.apiUrl },
    });
    rows = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
        return { date, precipitation: Number(precipitation), temp_max: Number(tempMax), temp_min: Number(tempMin), wind: Number(wind), weather };
      });
    const year = (row: Row) => String(row.date).slice(0, 4);
    const summer = (row: Row) => ['06', '07', '08'].includes(String(row.date).slice(5, 7));
    versions.history = await registerRows('weather-history', 'history-2012-2014.csv', rows.filter((row) => year(row) !== '2015'));
    versions.y2012 = await registerRows('weather-2012', 'weather-2012.csv', rows.filter((row) => year(row) === '2012'));
    versions.summer2015 = await registerRows('weather-summer-2015', 'weather-summer-2015.csv', rows.filter((row) => year(row) === '2015' && summer(row)));
    versions.oddDays = await registerRows('weather-odd-days', 'weather-odd.csv', rows.filter((_, i) => i % 2 === 1));
    versions.evenDays = await registerRows('weather-even-days', 'weather-even.csv', rows.filter((_, i) => i % 2 === 0));

    // The monitored model, released to STAGING through its approval gate.
    const started = await harness.gql(
      START,
      {
        input: {
          modelName: MODEL,
          datasetVersionId: versions.history,
          target: 'weather',
          features: FEATURES,
          task: 'CLASSIFICATION',
          deploy: { environment: 'STAGING', requiredApprovals: 1, canary: { steps: [100], observationWindow: '1s', minRequests: 0 } },
        },
      },
      TOKENS.engineer,
    );
    const workflowId = started.data!.startModelPipeline.workflowId;
    assert.equal((await waitForPipeline(harness, workflowId)).status, 'AWAITING_APPROVAL');
    const gate = (await harness.gql(GATE, { workflowId })).data!.pipelineRun;
    const decided = await harness.gql(`mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`, { input: { gateId: gate.approvalGate.id, decision: 'APPROVE' } }, TOKENS.approver);
    assert.equal(decided.data!.decideApproval.status, 'APPROVED', JSON.stringify(decided));
    await harness.temporal.workflow.getHandle(workflowId).result();
    assert.equal((await harness.gql(GATE, { workflowId })).data!.pipelineRun.status, 'SUCCEEDED');
    deployedVersionId = gate.modelVersion.id;

    serving = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    servingUrl = `http://127.0.0.1:${await serving.listen(0)}`;
  });

  after(async () => {
    await serving?.close();
    await harness?.close();
    await slack?.close();
  });

  test('a seasonal shift drifts; two halves of the same years do not', async () => {
    const seasonal = await scan({ reference: versions.y2012, current: versions.summer2015 });
    assert.equal(seasonal.environment, null);
    assert.deepEqual(seasonal.reference, { datasetVersionId: versions.y2012, rows: 366 });
    assert.equal(seasonal.current.kind, 'dataset_version');
    assert.equal(seasonal.current.rows, 92);
    assert.equal(seasonal.numberOfColumns, 4);
    const byColumn = Object.fromEntries(seasonal.columns.map((column: Record<string, any>) => [column.column, column]));
    // 366 reference rows: Kolmogorov–Smirnov for the continuous columns, p < 0.05 means drift.
    for (const column of ['temp_max', 'temp_min']) {
      assert.equal(byColumn[column].test, 'ks', column);
      assert.ok(byColumn[column].pValue < 1e-6, `${column} p=${byColumn[column].pValue}`);
      assert.equal(byColumn[column].drifted, true, column);
      assert.equal(byColumn[column].referenceSize, 366);
      assert.equal(byColumn[column].currentSize, 92);
    }
    assert.equal(seasonal.datasetDrift, true);
    assert.ok(seasonal.driftShare >= 0.5);
    assert.equal(seasonal.driftShareThreshold, 0.5);
    // Summer in Seattle is dry and sunny: the model's predicted weather shifts too.
    assert.equal(seasonal.predictionDrift.column, 'prediction');
    assert.equal(seasonal.predictionDrift.drifted, true);
    assert.equal(seasonal.conceptDrift, null, 'a dataset version has no ground truth');
    // CBPE: calibrated on 2012's labels, estimated over summer 2015, whose own labels give the realised figures beside.
    const estimate = seasonal.performanceEstimate;
    assert.equal(estimate.method, 'CBPE');
    assert.equal(estimate.calibration, 'ISOTONIC');
    assert.equal(estimate.referenceRows, 366);
    assert.equal(estimate.rowsWithoutProbabilities, 0);
    assert.equal(estimate.windows.length, 10);
    assert.equal(estimate.windows.reduce((sum: number, window: Record<string, number>) => sum + window.rows, 0), 92);
    for (const window of estimate.windows) {
      assert.equal(window.from, null, 'dataset windows are runs of rows, not times');
      assert.equal(window.labelledRows, window.rows, 'every summer row has its weather');
      for (const value of [window.expectedAccuracy, window.expectedMacroF1, window.realisedAccuracy, window.realisedMacroF1]) assert.ok(value >= 0 && value <= 1, JSON.stringify(window));
    }
    assert.equal(estimate.assumptions.length, 2);
    const histogram = byColumn.temp_max.histogram;
    assert.equal(histogram.kind, 'numeric');
    assert.equal(histogram.reference.reduce((a: number, b: number) => a + b, 0), 366);
    assert.equal(histogram.current.reduce((a: number, b: number) => a + b, 0), 92);

    const halves = await scan({ reference: versions.oddDays, current: versions.evenDays });
    assert.equal(halves.datasetDrift, false, JSON.stringify(halves.columns));
    assert.equal(halves.numberOfDriftedColumns, 0, JSON.stringify(halves.columns));
    // 730 rows on each side: still the statistical tests, each well above p = 0.05.
    for (const column of halves.columns) assert.ok(column.pValue > 0.05, `${column.column} p=${column.pValue}`);
    assert.equal(halves.predictionDrift.drifted, false);
  });

  test('a column kind declared for the model chooses its test, and the report says which rule chose each', async () => {
    const DECLARE = `mutation D($input: DeclareColumnKindsInput!) { declareColumnKinds(input: $input) { column kind declaredBy } }`;
    const declared = await harness.gql(DECLARE, { input: { modelName: MODEL, columns: [{ column: 'temp_max', kind: 'CATEGORICAL' }] } }, TOKENS.engineer);
    assert.equal(declared.errors, undefined, JSON.stringify(declared.errors));
    assert.deepEqual(declared.data!.declareColumnKinds, [{ column: 'temp_max', kind: 'CATEGORICAL', declaredBy: 'engineer-user' }]);
    assertError(
      await harness.gql(DECLARE, { input: { modelName: MODEL, columns: [{ column: 'weekday', kind: 'CATEGORICAL' }] } }, TOKENS.engineer),
      'BAD_USER_INPUT',
      'input.columns[0].column',
      /"weekday" is not a feature of weather-monitored/,
    );
    assertError(
      await harness.gql(DECLARE, { input: { modelName: MODEL, columns: [{ column: 'wind', kind: 'NUMERIC' }, { column: 'wind', kind: 'CATEGORICAL' }] } }, TOKENS.engineer),
      'BAD_USER_INPUT',
      'input.columns[1].column',
      /declared twice/,
    );

    const report = await scan({ reference: versions.oddDays, current: versions.evenDays });
    const byColumn = Object.fromEntries(report.columns.map((column: Record<string, any>) => [column.column, column]));
    // 730 reference rows: a categorical column with many values gets chi-square; the others keep their schema kind and KS.
    assert.deepEqual(
      [byColumn.temp_max.kind, byColumn.temp_max.kindChosenBy, byColumn.temp_max.test, byColumn.temp_max.testChosenBy],
      ['categorical', 'DECLARED', 'chi_square', 'SMALL_REFERENCE_CATEGORICAL'],
    );
    assert.deepEqual([byColumn.wind.kind, byColumn.wind.kindChosenBy, byColumn.wind.test, byColumn.wind.testChosenBy], ['numeric', 'SCHEMA', 'ks', 'SMALL_REFERENCE_NUMERIC']);

    const cleared = await harness.gql(DECLARE, { input: { modelName: MODEL, columns: [] } }, TOKENS.ops);
    assert.deepEqual(cleared.data!.declareColumnKinds, []);
    assert.deepEqual((await harness.gql(`query Q($m: String!) { declaredColumnKinds(modelName: $m) { column } }`, { m: MODEL }, TOKENS.viewer)).data!.declaredColumnKinds, []);
    await auditLogSealed(harness.dataSource);
    const audit: { actor: string; payload: Record<string, unknown> }[] = await harness.dataSource.query(
      `SELECT actor, payload FROM audit_event WHERE action = 'column_kinds.declared' AND subject_id = $1 ORDER BY sequence`,
      [MODEL],
    );
    assert.deepEqual(audit, [
      { actor: 'engineer-user', payload: { columns: [{ column: 'temp_max', kind: 'categorical' }], previous: [] } },
      { actor: 'ops-user', payload: { columns: [], previous: [{ column: 'temp_max', kind: 'categorical' }] } },
    ]);
  });

  test('a scan of live traffic compares the served inputs and outputs, and tracks concept drift from ground truth', async () => {
    const summer2015 = rows.filter((row) => String(row.date).startsWith('2015-0') && ['06', '07', '08'].includes(String(row.date).slice(5, 7)));
    const requests = await infer(summer2015, 'summer');
    await waitForLoggedPredictions(summer2015.length);
    const report = await scan({ environment: 'STAGING', window: '1h' });
    assert.equal(report.environment, 'STAGING');
    assert.equal(report.current.kind, 'prediction_log');
    assert.equal(report.current.rows, summer2015.length);
    assert.equal(report.reference.datasetVersionId, versions.history, "the reference is the deployed version's training data");
    assert.ok(report.deploymentId, 'the running deployment is named');
    assert.equal(report.datasetDrift, true, JSON.stringify(report.columns));
    assert.equal(report.conceptDrift.labelledRows, 0);
    assert.equal(report.conceptDrift.ddm.level, 'NONE');

    // Ground truth: the real labels for the first half, then labels the model gets wrong.
    const predictions = (await harness.gql(`query P($m: String!) { predictions(modelName: $m, first: 200) { requestId rowIndex output } }`, { m: MODEL })).data!.predictions;
    const predicted = new Map<string, string>(predictions.map((p: Record<string, any>) => [`${p.requestId}/${p.rowIndex}`, p.output.label]));
    const labelled = requests.flatMap((id, r) => summer2015.slice(r * 10, r * 10 + 10).map((row, i) => ({ id, i, row })));
    for (const [n, { id, i, row }] of labelled.entries()) {
      const wrong = n >= labelled.length / 3;
      const label = wrong ? (predicted.get(`${id}/${i}`) === 'sun' ? 'rain' : 'sun') : row.weather;
      const recorded = await harness.gql(`mutation G($input: RecordGroundTruthInput!) { recordGroundTruth(input: $input) { label } }`, { input: { modelName: MODEL, requestId: id, rowIndex: i, label } }, TOKENS.engineer);
      assert.equal(recorded.errors, undefined, JSON.stringify(recorded.errors));
    }
    const withTruth = await scan({ environment: 'STAGING', window: '1h' });
    const concept = withTruth.conceptDrift;
    assert.equal(concept.labelledRows, labelled.length);
    assert.equal(concept.metric, 'error_rate');
    assert.ok(concept.windows.length >= 2);
    assert.ok(concept.windows.at(-1).value > concept.windows[0].value, JSON.stringify(concept.windows));
    assert.ok(concept.ddm.drifts.length >= 1, `DDM signals the jump: ${JSON.stringify(concept.ddm)}`);
    // The signal awaits its confirmation: fewer than 200 labelled predictions follow it yet.
    assert.deepEqual(concept.confirmationWindow, { rows: 200, significance: 0.001 });
    const [confirmation] = concept.ddm.confirmations;
    assert.deepEqual([confirmation.at, confirmation.status, confirmation.decidedAt, confirmation.pValue], [concept.ddm.drifts[0], 'PENDING', null, null]);
    assert.ok(confirmation.rowsAfter < 200 && confirmation.rowsBefore + confirmation.rowsAfter <= labelled.length, JSON.stringify(confirmation));
    assert.equal(concept.pageHinkley, null, 'Page–Hinkley watches regression');
    assert.equal(withTruth.numberOfTestedColumns, 4, `${summer2015.length} rows are enough for every test`);
    // CBPE reads the logged probabilities; the labels made wrong are concept drift, which it cannot see: realised falls far below expected.
    const estimate = withTruth.performanceEstimate;
    assert.equal(estimate.rowsWithoutProbabilities, 0);
    assert.equal(estimate.windows.reduce((sum: number, window: Record<string, number>) => sum + window.labelledRows, 0), labelled.length);
    assert.ok(estimate.windows.every((window: Record<string, unknown>) => typeof window.from === 'string'), 'traffic windows are times');
    const last = estimate.windows.at(-1);
    assert.equal(last.realisedAccuracy, 0, JSON.stringify(last));
    assert.ok(last.expectedAccuracy > 0.3, JSON.stringify(last));
  });

  test('a Temporal Schedule scans on demand, pauses and resumes, and bad schedules are refused', async () => {
    const created = await harness.gql(
      `mutation C($input: ScheduleDriftScanInput!) { scheduleDriftScan(input: $input) { id modelName environment every window paused nextRuns overlapPolicy catchupWindow } }`,
      { input: { modelName: MODEL, environment: 'STAGING', every: '1h', window: '1h' } },
      TOKENS.engineer,
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const schedule = created.data!.scheduleDriftScan;
    assert.equal(schedule.paused, false);
    assert.equal(schedule.every, '1h');
    assert.ok(schedule.nextRuns.length >= 1);
    assertError(
      await harness.gql(`mutation C($input: ScheduleDriftScanInput!) { scheduleDriftScan(input: $input) { id } }`, { input: { modelName: MODEL, environment: 'STAGING', every: '1h', window: '1h' } }, TOKENS.engineer),
      'CONFLICT',
      'input.modelName',
      /already/,
    );
    assertError(
      await harness.gql(`mutation C($input: ScheduleDriftScanInput!) { scheduleDriftScan(input: $input) { id } }`, { input: { modelName: MODEL, environment: 'PRODUCTION', every: '1h', window: '1h' } }, TOKENS.viewer),
      'FORBIDDEN',
      undefined,
      /role viewer/,
    );

    const ran = await harness.gql(`mutation N($id: ID!) { runDriftScheduleNow(id: $id) { id } }`, { id: schedule.id }, TOKENS.ops);
    assert.equal(ran.errors, undefined, JSON.stringify(ran.errors));
    const deadline = Date.now() + 60_000;
    let scheduled: Record<string, any> | undefined;
    while (!scheduled) {
      const { data } = await harness.gql(`query R($m: String!) { driftReports(modelName: $m, first: 20) { edges { node { id scheduleId triggeredBy } } } }`, { m: MODEL });
      scheduled = data!.driftReports.edges.map((edge: Record<string, any>) => edge.node).find((node: Record<string, any>) => node.scheduleId === schedule.id);
      if (!scheduled && Date.now() > deadline) throw new Error('the scheduled scan left no report');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(scheduled.triggeredBy, 'system:schedule');

    const paused = await harness.gql(`mutation P($id: ID!) { pauseDriftSchedule(id: $id, reason: "maintenance window") { paused note } }`, { id: schedule.id }, TOKENS.ops);
    assert.equal(paused.data!.pauseDriftSchedule.paused, true);
    assert.match(paused.data!.pauseDriftSchedule.note, /maintenance window/);
    const listed = await harness.gql(`query L($m: String) { driftSchedules(modelName: $m) { id paused recentRuns { workflowId } } }`, { m: MODEL });
    assert.equal(listed.data!.driftSchedules[0].paused, true);
    assert.ok(listed.data!.driftSchedules[0].recentRuns.length >= 1);
    const resumed = await harness.gql(`mutation R($id: ID!) { resumeDriftSchedule(id: $id) { paused } }`, { id: schedule.id }, TOKENS.ops);
    assert.equal(resumed.data!.resumeDriftSchedule.paused, false);
  });

  test('drift confirmed by the retraining policy starts a retraining run that waits for human approval, once per cooldown', async () => {
    // Newer data for the model's dataset: 2015 joins the history.
    const newest = await registerRows('weather-history', 'history-2012-2015.csv', rows);
    const policy = await harness.gql(
      `mutation P($input: SetRetrainingPolicyInput!) { setRetrainingPolicy(input: $input) { modelName consecutiveDriftedScans cooldown } }`,
      { input: { modelName: MODEL, consecutiveDriftedScans: 1, cooldown: '1h', deploy: { environment: 'STAGING', requiredApprovals: 1 } } },
      TOKENS.ops,
    );
    assert.equal(policy.errors, undefined, JSON.stringify(policy.errors));

    const drifted = await scan({ environment: 'STAGING', window: '1h' });
    assert.equal(drifted.datasetDrift, true);
    assert.equal(drifted.retraining.action, 'STARTED', drifted.retraining.reason);
    const retrain = await waitForPipeline(harness, drifted.retraining.pipelineWorkflowId);
    assert.equal(retrain.status, 'AWAITING_APPROVAL', JSON.stringify(retrain));
    const run = (await harness.gql(GATE, { workflowId: drifted.retraining.pipelineWorkflowId })).data!.pipelineRun;
    assert.equal(run.datasetVersionId, newest, 'retrains on the newest data');
    assert.equal(run.requestedBy, 'system:drift-monitor');
    assert.equal(run.approvalGate.status, 'PENDING');

    const again = await scan({ environment: 'STAGING', window: '1h' });
    assert.equal(again.retraining.action, 'SKIPPED');
    assert.match(again.retraining.reason, /cooldown/);
    const started = await harness.dataSource.query(`SELECT count(*)::int AS n FROM pipeline_run WHERE requested_by = 'system:drift-monitor'`);
    assert.equal(started[0].n, 1, 'no retrain storm');

    // Lineage: deployment → drift report → retraining run.
    const lineage = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: DOWNSTREAM, depth: 1) { nodes { id kind } edges { from to relation } } }`, { id: drifted.id });
    assert.ok(lineage.data!.lineage.nodes.some((node: Record<string, any>) => node.kind === 'pipeline_run' && node.id === drifted.retraining.pipelineRunId));
    const upstream = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 1) { nodes { id kind } } }`, { id: drifted.id });
    const kinds = upstream.data!.lineage.nodes.map((node: Record<string, any>) => node.kind);
    assert.ok(kinds.includes('deployment') && kinds.includes('model_version'), JSON.stringify(kinds));
    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [drifted.id]);
    assert.deepEqual(
      audit.map((event: { action: string }) => event.action).filter((action: string) => action !== 'drift_report.alert_sent'),
      ['drift_report.recorded', 'retraining.started'],
    );
    assert.notEqual(run.modelVersion.id, deployedVersionId, 'a new version awaits approval');
  });

  test('drift alerts reach Slack with the top drifting features, and Prometheus shows the newest verdict', async () => {
    const alert = await slack.waitForCall('chat.postMessage', (call) => call.body.channel === ALERTS_CHANNEL && JSON.stringify(call.body).includes('temp_max'));
    assert.match(JSON.stringify(alert.body), new RegExp(MODEL));
    assert.match(JSON.stringify(alert.body), /\/reports\/drift\//);
    const metrics = await (await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    assert.match(metrics, new RegExp(`provenant_drift_share\\{[^}]*model="${MODEL}"[^}]*environment="STAGING"[^}]*\\} (0\\.\\d+|1)`));
    assert.match(metrics, new RegExp(`provenant_dataset_drift\\{[^}]*model="${MODEL}"[^}]*environment="STAGING"[^}]*\\} 1`));
  });

  test('the HTML report draws every histogram without scripts or network, in headless Chromium', async () => {
    const { data } = await harness.gql(`query R($m: String!) { driftReports(modelName: $m, environment: STAGING, first: 1) { edges { node { id reportUrl numberOfColumns } } } }`, { m: MODEL });
    const report = data!.driftReports.edges[0].node;
    assert.equal((await fetch(report.reportUrl)).status, 401, 'the report needs a token');
    const page = await fetch(report.reportUrl, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.doesNotMatch(html, /<script/i);
    const rendered = await openInChromium(report.reportUrl, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
    try {
      const charts = rendered.page.locator('svg');
      assert.ok((await charts.count()) >= report.numberOfColumns + 1, `${await charts.count()} charts`);
      for (const chart of await charts.all()) {
        const box = await chart.boundingBox();
        assert.ok(box && box.width > 0 && box.height > 0, `chart box ${JSON.stringify(box)}`);
        assert.ok((await chart.locator('path, rect').count()) > 0, 'the chart has marks');
      }
      assert.deepEqual(rendered.externalRequests, []);
    } finally {
      await rendered.close();
    }
  });

  test('bad scan requests name the field and start nothing', async () => {
    assertError(await harness.gql(TRIGGER, { model: 'no-such-model', environment: 'STAGING' }, TOKENS.engineer), 'NOT_FOUND', 'modelName', /no-such-model/);
    assertError(await harness.gql(TRIGGER, { model: MODEL }, TOKENS.engineer), 'BAD_USER_INPUT', 'environment', /required/);
    assertError(await harness.gql(TRIGGER, { model: MODEL, environment: 'STAGING', window: 'a while' }, TOKENS.engineer), 'BAD_USER_INPUT', 'window', /duration/);
    assertError(await harness.gql(TRIGGER, { model: MODEL, current: 'not-a-uuid' }, TOKENS.engineer), 'BAD_USER_INPUT', 'currentDatasetVersionId', /UUID/);
    assertError(await harness.gql(TRIGGER, { model: MODEL, environment: 'STAGING' }, TOKENS.viewer), 'FORBIDDEN', undefined, /role viewer/);
    // No predictions in PRODUCTION: the scan fails at once, without retries, and says why.
    const started = await harness.gql(TRIGGER, { model: MODEL, environment: 'PRODUCTION', window: '1h' }, TOKENS.engineer);
    const workflowId = started.data!.triggerDriftScan.workflowId;
    await assert.rejects(harness.temporal.workflow.getHandle(workflowId).result());
    const history = await harness.temporal.workflow.getHandle(workflowId).fetchHistory();
    const attempts = history.events!.flatMap((event) => (event.activityTaskStartedEventAttributes ? [event.activityTaskStartedEventAttributes.attempt] : []));
    assert.deepEqual(attempts, [1], 'planning failed once and was not retried');
    const { data } = await harness.gql(SCAN, { workflowId });
    assert.equal(data!.driftScan.status, 'FAILED');
    assert.match(data!.driftScan.failure, /no predictions of weather-monitored were logged in PRODUCTION/);
    assert.equal(data!.driftScan.report, null);
  });
});
