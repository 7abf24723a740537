import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';
import { MIGRATIONS } from '../migrations';
import { ensureDatabase } from '../platform/embedded-postgres';

const RUN_ID = randomUUID();
const REPORT_ID = randomUUID();
const GATE_ID = randomUUID();
const FAILED = { metric: 'r2', observed: 0.9, required: 0.95, passed: false, message: 'r2 is 0.9, required >= 0.95' };
const PASSED = { metric: 'rmse', observed: 3, required: 100, passed: true, message: 'rmse is 3, required <= 100' };
const THRESHOLDS = [{ metric: 'r2', op: 'GTE', value: 0.95 }];

/** Rows as Provenant wrote them while thresholds were called quality gates, with the dataset and version they name. */
async function insertGateNamedRows(db: DataSource): Promise<void> {
  await db.transaction(async (tx) => {
    const [dataset] = await tx.query(`INSERT INTO dataset (name, created_by) VALUES ('auto-mpg', 'engineer') RETURNING id`);
    const [datasetVersion] = await tx.query(
      `INSERT INTO dataset_version (dataset_id, version, content_sha256, format, source_uri, storage_uri, byte_size, row_count, schema, created_by)
       VALUES ($1, 1, repeat('0', 64), 'csv', 'file:///mpg.csv', 'file:///store/mpg.csv', 1, 100, '[]', 'engineer') RETURNING id`,
      [dataset.id],
    );
    await tx.query(
      `INSERT INTO pipeline_run (id, workflow_id, model_name, dataset_version_id, status, current_stage, stages, input, error, requested_by)
       VALUES ($1, 'pipeline-mpg', 'mpg', $2, 'GATE_FAILED', 'register', '[]', $3, $4, 'engineer')`,
      [RUN_ID, datasetVersion.id, { modelName: 'mpg', qualityGates: THRESHOLDS }, `quality gates failed: r2 >= 0.95: ${FAILED.message}`],
    );
    const [model] = await tx.query(`INSERT INTO model (name, task) VALUES ('mpg', 'REGRESSION') RETURNING id`);
    const [version] = await tx.query(
      `INSERT INTO model_version (model_id, version, artifact_sha256, artifact_uri, metrics, target, features, class_labels, hyperparameters, dataset_version_id, pipeline_run_id)
       VALUES ($1, 1, repeat('0', 64), 'file:///store/mpg.onnx', '{}', 'mpg', '[]', '[]', '{}', $2, $3) RETURNING id`,
      [model.id, datasetVersion.id, RUN_ID],
    );
    await tx.query(
      `INSERT INTO evaluation_report (id, model_version_id, dataset_version_id, pipeline_run_id, gates_passed, report) VALUES ($1, $2, $3, $4, false, $5)`,
      [REPORT_ID, version.id, datasetVersion.id, RUN_ID, { testRowCount: 80, gates: [{ gate: 'r2 >= 0.95', ...FAILED }, { gate: 'rmse <= 100', ...PASSED }], gatesPassed: false }],
    );
    await tx.query(
      `INSERT INTO approval_gate (id, pipeline_run_id, model_version_id, environment, status, required_approvals, eligible_approvers, evidence,
         workflow_id, requested_by, subject_kind, subject_id, subject_title)
       VALUES ($1, $2, $3, 'STAGING', 'PENDING', 1, '[]', $4, 'gate-mpg', 'engineer', 'model_version', $5, 'mpg v1 → STAGING')`,
      [GATE_ID, RUN_ID, version.id, { modelName: 'mpg', gates: [{ gate: 'rmse <= 100', passed: true, message: PASSED.message }], lineageUrl: null }, version.id],
    );
  });
}

async function rows(db: DataSource) {
  const [run] = await db.query('SELECT status, input, error FROM pipeline_run WHERE id = $1', [RUN_ID]);
  const [report] = await db.query('SELECT to_jsonb(evaluation_report) AS row FROM evaluation_report WHERE id = $1', [REPORT_ID]);
  const [gate] = await db.query('SELECT evidence FROM approval_gate WHERE id = $1', [GATE_ID]);
  return { run, report: report.row, evidence: gate.evidence };
}

/** Undoes the migrations newer than the rename, then the rename itself. */
async function undoThroughRename(db: DataSource): Promise<void> {
  const rename = MIGRATIONS.findIndex((migration) => migration.name === 'QualityChecks1763900013000');
  assert.ok(rename >= 0, 'the rename migration is listed');
  for (let undone = MIGRATIONS.length; undone > rename; undone -= 1) await db.undoLastMigration();
}

describe('migration: quality gates become quality checks', () => {
  let db: DataSource;

  before(async () => {
    const serverUrl = new URL(process.env.PROVENANT_TEST_DATABASE_URL!);
    const database = `provenant_t${randomBytes(5).toString('hex')}`;
    const adminUrl = new URL(serverUrl);
    adminUrl.pathname = '/postgres';
    await ensureDatabase(adminUrl.href, database);
    serverUrl.pathname = `/${database}`;
    db = await createDataSource(serverUrl.href).initialize();
    await db.runMigrations();
    await undoThroughRename(db);
    await insertGateNamedRows(db);
  });

  after(() => db?.destroy());

  test('up renames the keys of reports, release evidence and run inputs, and the status and error of runs that missed a check', async () => {
    await db.runMigrations();
    const { run, report, evidence } = await rows(db);
    assert.deepEqual(run, { status: 'QUALITY_CHECKS_FAILED', input: { modelName: 'mpg', qualityChecks: THRESHOLDS }, error: `quality checks failed: r2 >= 0.95: ${FAILED.message}` });
    assert.equal(report.quality_checks_passed, false);
    assert.deepEqual(report.report, { testRowCount: 80, qualityChecks: [{ check: 'r2 >= 0.95', ...FAILED }, { check: 'rmse <= 100', ...PASSED }], qualityChecksPassed: false });
    assert.deepEqual(evidence, { modelName: 'mpg', qualityChecks: [{ check: 'rmse <= 100', passed: true, message: PASSED.message }], lineageUrl: null });
  });

  test('down restores the rows as they were', async () => {
    await undoThroughRename(db);
    const { run, report, evidence } = await rows(db);
    assert.deepEqual(run, { status: 'GATE_FAILED', input: { modelName: 'mpg', qualityGates: THRESHOLDS }, error: `quality gates failed: r2 >= 0.95: ${FAILED.message}` });
    assert.equal(report.gates_passed, false);
    assert.deepEqual(report.report.gates, [{ gate: 'r2 >= 0.95', ...FAILED }, { gate: 'rmse <= 100', ...PASSED }]);
    assert.deepEqual(evidence.gates, [{ gate: 'rmse <= 100', passed: true, message: PASSED.message }]);
  });
});
