import type { DataSource, EntityManager } from 'typeorm';
import type { DeployEnvironment, GateStatus } from '../domain/approval';
import { DRIFT_MONITOR_ACTOR } from '../domain/drift';
import { WEEK_MS, type DeployedRoute, type MaturityMeasurements, type MaturityWindow, type ModelRuns } from '../domain/maturity/measurements';
import { IMPORTED_TRAINER, type PipelineStatus } from '../domain/pipeline';
import type { DriftLevel } from '../domain/drift';
import { auditLogSealed, countTamperingFindings, type IncrementalAuditVerifier } from './audit-log';
import { inReadSnapshot, type Db } from './db';
import { countAnsweredRowsByModel } from './prediction-log';

// Read-only queries across nouns: what the maturity scorecard and the /metrics gauges report.

/** A run's reproducibility record is complete when it names the code commit, the seed and the trainer's version. */
const COMPLETE_RECORD = `(r.reproducibility->>'gitCommit' IS NOT NULL AND r.reproducibility ? 'seed' AND coalesce(r.reproducibility->>'trainerVersion', '') <> '')`;

/**
 * Gathers what the maturity rules judge from this deployment's own tables, in one
 * read-only snapshot (REPEATABLE READ) so the counts agree with each other, then re-hashes
 * the audit chain. Each query aggregates in Postgres: the cost grows with the window's
 * runs, deployments and predictions, never with a row per model in JavaScript.
 */
export async function gatherMaturityMeasurements(dataSource: DataSource, window: MaturityWindow, auditChain: IncrementalAuditVerifier): Promise<MaturityMeasurements> {
  await auditLogSealed(dataSource);
  const facts = await inReadSnapshot(dataSource, async (manager) => {
    // One connection runs one query at a time, so these go in sequence.
    return {
      totals: await totalsOf(manager, window),
      modelRuns: await modelRunsOf(manager, window),
      reproductions: await reproductionsOf(manager, window),
      routes: await routesOf(manager, window),
      servingModels: await servingModelsOf(manager, window),
      deployments: await deploymentsOf(manager, window),
      approvals: await approvalsOf(manager, window),
      audit: await auditActivityOf(manager, window),
      governance: await governanceOf(manager, window),
    };
  });
  const verification = await auditChain.verify();
  // An event found altered or removed before it was sealed breaks the log's promise as much as a broken link.
  const tamperingFindings = await countTamperingFindings(dataSource);
  return {
    weeks: window.weeks,
    ...facts.totals,
    modelRuns: facts.modelRuns,
    reproductions: facts.reproductions,
    routes: facts.routes,
    servingModels: facts.servingModels,
    deployments: facts.deployments,
    approvals: facts.approvals,
    audit: { ...facts.audit, chainVerified: verification.ok && tamperingFindings === 0, firstInvalidSequence: verification.firstInvalidSequence },
    governance: facts.governance,
  };
}

async function totalsOf(db: EntityManager, w: MaturityWindow) {
  const [row] = await db.query(
    `SELECT
       (SELECT count(*)::int FROM dataset_version) AS "datasetVersions",
       (SELECT count(*)::int FROM model_version) AS "modelVersions",
       (SELECT count(*)::int FROM (SELECT model_id FROM model_version GROUP BY model_id HAVING count(*) >= 2) several) AS "modelsWithSeveralVersions",
       (SELECT count(*)::int FROM validation_report WHERE created_at >= $1 AND created_at < $2) AS "validationReports",
       (SELECT count(DISTINCT model_id)::int FROM model_alias) AS "modelsWithAlias",
       (SELECT count(*)::int FROM model_alias_event WHERE actor LIKE 'system:%' AND at >= $1 AND at < $2) AS "aliasMovesByPlatform",
       (SELECT count(*)::int FROM drift_report WHERE created_at >= $1 AND created_at < $2) AS "driftReports",
       (SELECT count(*)::int FROM drift_schedule) AS "driftSchedules",
       (SELECT count(*)::int FROM retraining_policy WHERE enabled) AS "enabledRetrainingPolicies"`,
    [w.since, w.until],
  );
  return row as Pick<
    MaturityMeasurements,
    'datasetVersions' | 'modelVersions' | 'modelsWithSeveralVersions' | 'validationReports' | 'modelsWithAlias' | 'aliasMovesByPlatform' | 'driftReports' | 'driftSchedules' | 'enabledRetrainingPolicies'
  >;
}

async function modelRunsOf(db: EntityManager, w: MaturityWindow): Promise<ModelRuns[]> {
  const rows: (Omit<ModelRuns, 'latestData'> & { datasetName: string | null; trainedOnVersion: number | null; newestVersion: number | null })[] = await db.query(
    `WITH run AS (SELECT * FROM pipeline_run WHERE created_at >= $1 AND created_at < $2),
     latest AS (
       SELECT DISTINCT ON (r.model_name) r.model_name, d.name AS dataset_name, dv.version AS trained_on,
              (SELECT max(n.version) FROM dataset_version n WHERE n.dataset_id = dv.dataset_id) AS newest
       FROM run r
       JOIN model_version mv ON mv.id = r.model_version_id
       JOIN dataset_version dv ON dv.id = r.dataset_version_id
       JOIN dataset d ON d.id = dv.dataset_id
       ORDER BY r.model_name, mv.created_at DESC
     )
     SELECT r.model_name AS "modelName",
       count(*)::int AS runs,
       count(*) FILTER (WHERE dv.content_sha256 ~ '^[0-9a-f]{64}$')::int AS "onContentAddressedData",
       count(*) FILTER (WHERE r.requested_by = $3)::int AS "startedByDriftMonitor",
       count(*) FILTER (WHERE NOT (r.status = 'RUNNING' AND r.current_stage = 'validate'))::int AS "pastValidation",
       count(*) FILTER (WHERE jsonb_array_length(vr.expectations) > 0)::int AS "withDataContract",
       count(*) FILTER (WHERE r.cross_validation IS NOT NULL OR jsonb_array_length(r.trials) > 0)::int AS "withCrossValidationOrTuning",
       count(*) FILTER (WHERE jsonb_array_length(r.trials) > 0)::int AS "withTuning",
       count(*) FILTER (WHERE r.model_version_id IS NOT NULL)::int AS registered,
       count(*) FILTER (WHERE r.model_version_id IS NOT NULL AND ${COMPLETE_RECORD})::int AS "completeReproducibility",
       count(*) FILTER (WHERE r.requested_by NOT LIKE 'system:%' AND EXISTS (
         SELECT 1 FROM model_version earlier JOIN model m ON m.id = earlier.model_id WHERE m.name = r.model_name AND earlier.created_at < r.created_at
       ))::int AS "retrainedByPeople",
       count(*) FILTER (WHERE r.requested_by = $3 AND EXISTS (SELECT 1 FROM approval_gate g WHERE g.pipeline_run_id = r.id))::int AS "driftTriggeredReachedApproval",
       count(*) FILTER (WHERE r.requested_by = $3 AND r.status = 'SUCCEEDED')::int AS "driftTriggeredSucceeded",
       count(er.id)::int AS evaluated,
       count(er.id) FILTER (WHERE jsonb_array_length(er.report->'qualityChecks') > 0)::int AS "evaluatedWithQualityChecks",
       count(er.id) FILTER (WHERE jsonb_typeof(er.report->'champion') = 'object')::int AS "comparedWithChampion",
       count(er.id) FILTER (WHERE jsonb_typeof(er.report->'championSkipped') = 'string')::int AS "championComparisonSkipped",
       EXISTS (SELECT 1 FROM model_alias a JOIN model m ON m.id = a.model_id WHERE m.name = r.model_name AND a.alias = 'champion') AS "hasChampion",
       min(latest.dataset_name) AS "datasetName", min(latest.trained_on)::int AS "trainedOnVersion", min(latest.newest)::int AS "newestVersion"
     FROM run r
     JOIN dataset_version dv ON dv.id = r.dataset_version_id
     LEFT JOIN validation_report vr ON vr.id = r.validation_report_id
     LEFT JOIN evaluation_report er ON er.pipeline_run_id = r.id
     LEFT JOIN latest ON latest.model_name = r.model_name
     GROUP BY r.model_name
     ORDER BY r.model_name`,
    [w.since, w.until, DRIFT_MONITOR_ACTOR],
  );
  return rows.map(({ datasetName, trainedOnVersion, newestVersion, ...runs }) => ({
    ...runs,
    latestData: datasetName === null ? null : { datasetName, trainedOnVersion: trainedOnVersion!, newestVersion: newestVersion! },
  }));
}

/**
 * Registered runs with the same model, features, target and complete reproducibility record
 * are the same training done again: one model file between them verifies the record; more
 * than one refutes it. Imports are left out, since their "trainer" is the file itself.
 */
async function reproductionsOf(db: EntityManager, w: MaturityWindow): Promise<MaturityMeasurements['reproductions']> {
  const groups: { modelName: string; files: number }[] = await db.query(
    `SELECT r.model_name AS "modelName", count(DISTINCT mv.artifact_sha256)::int AS files
     FROM pipeline_run r JOIN model_version mv ON mv.id = r.model_version_id
     WHERE ${COMPLETE_RECORD} AND r.reproducibility->>'trainer' <> $3
     GROUP BY r.model_name, r.input->'features', r.input->>'target', r.reproducibility
     HAVING count(*) >= 2 AND bool_or(r.created_at >= $1 AND r.created_at < $2)`,
    [w.since, w.until, IMPORTED_TRAINER],
  );
  return {
    verified: groups.filter((group) => group.files === 1).length,
    mismatchedModels: [...new Set(groups.filter((group) => group.files > 1).map((group) => group.modelName))],
  };
}

async function routesOf(db: EntityManager, w: MaturityWindow): Promise<DeployedRoute[]> {
  return db.query(
    `SELECT t.model_name AS "modelName", t.environment, mv.version,
       EXISTS (SELECT 1 FROM drift_schedule s WHERE s.model_name = t.model_name AND s.environment = t.environment) AS "hasDriftSchedule",
       scans.live AS "liveTrafficScans", scans.scheduled AS "scheduledLiveTrafficScans", scans.concept AS "conceptDriftScans",
       EXISTS (
         SELECT 1 FROM retraining_policy p WHERE p.model_name = t.model_name AND p.enabled AND p.consecutive_drifted_scans IS NOT NULL
       ) AS "retrainsOnDataDrift",
       CASE WHEN t.environment = 'PRODUCTION' THEN EXISTS (
         SELECT 1 FROM deployment staged
         WHERE staged.model_version_id = t.stable_version_id AND staged.environment = 'STAGING' AND staged.status = 'PROMOTED'
           AND staged.finished_at <= (SELECT min(p.created_at) FROM deployment p WHERE p.model_version_id = t.stable_version_id AND p.environment = 'PRODUCTION')
       ) END AS "stagedBeforeProduction",
       coalesce(r.validation_report_id IS NOT NULL, false) AS validated,
       coalesce(${COMPLETE_RECORD}, false) AS reproducible,
       EXISTS (SELECT 1 FROM approval_gate g WHERE g.model_version_id = t.stable_version_id AND g.status = 'APPROVED') AS approved
     FROM traffic_route t
     JOIN model_version mv ON mv.id = t.stable_version_id
     LEFT JOIN pipeline_run r ON r.id = mv.pipeline_run_id
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS live,
              count(*) FILTER (WHERE d.schedule_id IS NOT NULL)::int AS scheduled,
              count(*) FILTER (WHERE coalesce((d.concept_drift->>'labelledRows')::int, 0) > 0)::int AS concept
       FROM drift_report d
       WHERE d.model_name = t.model_name AND d.environment = t.environment AND d.current->>'kind' = 'prediction_log'
         AND d.created_at >= $1 AND d.created_at < $2
     ) scans
     ORDER BY t.model_name, t.environment`,
    [w.since, w.until],
  );
}

/** Rows answered in the window, of every model and environment: a failed row has no answer to label. */
function servingModelsOf(db: EntityManager, w: MaturityWindow): Promise<MaturityMeasurements['servingModels']> {
  return countAnsweredRowsByModel(db, { modelName: null, environment: null, modelVersionId: null, from: w.since, to: w.until });
}

async function deploymentsOf(db: EntityManager, w: MaturityWindow): Promise<MaturityMeasurements['deployments']> {
  const [counts] = await db.query(
    `SELECT
       (SELECT count(*)::int FROM deployment) AS ever,
       count(*)::int AS "inWindow",
       count(*) FILTER (WHERE d.kind IN ('CANARY', 'PROMOTE'))::int AS releases,
       count(*) FILTER (WHERE d.kind = 'CANARY' AND EXISTS (
         SELECT 1 FROM approval_gate g WHERE g.pipeline_run_id = d.pipeline_run_id AND g.model_version_id = d.model_version_id AND g.status = 'APPROVED'
       ))::int AS "approvedCanaries",
       count(*) FILTER (WHERE d.kind = 'PROMOTE')::int AS "operatorPromotions",
       count(*) FILTER (WHERE d.previous_version_id IS NOT NULL)::int AS "replacingStableVersion",
       count(*) FILTER (WHERE d.kind = 'CANARY' AND d.previous_version_id IS NOT NULL AND jsonb_array_length(d.observations) > 0)::int AS "canariesObservedAgainstStable",
       count(*) FILTER (WHERE d.kind = 'CANARY' AND d.status = 'ROLLED_BACK')::int AS "automaticRollbacks",
       count(*) FILTER (WHERE d.kind = 'ROLLBACK')::int AS "operatorRollbacks"
     FROM deployment d
     WHERE d.created_at >= $1 AND d.created_at < $2`,
    [w.since, w.until],
  );
  const weeks: { week: number; promoted: number }[] = await db.query(
    `SELECT floor(extract(epoch FROM d.finished_at - $1::timestamptz) / $3::float8)::int AS week, count(*)::int AS promoted
     FROM deployment d
     WHERE d.kind IN ('CANARY', 'PROMOTE') AND d.status = 'PROMOTED' AND d.finished_at >= $1 AND d.finished_at < $2
     GROUP BY 1`,
    [w.since, w.until, WEEK_MS / 1000],
  );
  const promotedPerWeek = Array.from({ length: w.weeks }, (_, week) => weeks.find((row) => row.week === week)?.promoted ?? 0);
  return { ...counts, promotedPerWeek };
}

async function approvalsOf(db: EntityManager, w: MaturityWindow): Promise<MaturityMeasurements['approvals']> {
  const approvers: { name: string; decisions: number; byOthers: number }[] = await db.query(
    `SELECT a.actor AS name, count(*)::int AS decisions, count(*) FILTER (WHERE a.actor <> g.requested_by)::int AS "byOthers"
     FROM approval_decision a JOIN approval_gate g ON g.id = a.gate_id
     WHERE a.decided_at >= $1 AND a.decided_at < $2
     GROUP BY a.actor
     ORDER BY decisions DESC, a.actor`,
    [w.since, w.until],
  );
  const gates: { requiredApprovals: number }[] = await db.query(
    `SELECT required_approvals AS "requiredApprovals" FROM approval_gate WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at`,
    [w.since, w.until],
  );
  return {
    decisions: approvers.reduce((total, approver) => total + approver.decisions, 0),
    decisionsByOthers: approvers.reduce((total, approver) => total + approver.byOthers, 0),
    approvers: approvers.map(({ name, decisions }) => ({ name, decisions })),
    requiredApprovalsPerGate: gates.map((gate) => gate.requiredApprovals),
  };
}

async function auditActivityOf(db: EntityManager, w: MaturityWindow): Promise<Pick<MaturityMeasurements['audit'], 'events' | 'platformActions' | 'peopleActing'>> {
  const [row] = await db.query(
    `SELECT
       (SELECT count(*)::int FROM audit_event) AS events,
       count(*) FILTER (WHERE actor LIKE 'system:%')::int AS "platformActions",
       count(DISTINCT actor) FILTER (WHERE actor NOT LIKE 'system:%')::int AS "peopleActing"
     FROM audit_event
     WHERE occurred_at >= $1 AND occurred_at < $2`,
    [w.since, w.until],
  );
  return row;
}

async function governanceOf(db: EntityManager, w: MaturityWindow): Promise<MaturityMeasurements['governance']> {
  const [row] = await db.query(
    `SELECT
       (SELECT count(*)::int FROM approval_policy) AS "approvalPolicies",
       (SELECT count(*)::int FROM audit_event WHERE action LIKE 'approval_policy.%' AND occurred_at >= $1 AND occurred_at < $2) AS "policyChanges"`,
    [w.since, w.until],
  );
  return row;
}

/** What the pipeline and approval gate metrics show, read from Postgres in one round of queries per scrape. */
export interface PipelineSnapshot {
  runsByStatus: Partial<Record<PipelineStatus, number>>;
  /** Seconds from opening to closing of every closed gate, with how it closed. */
  closedGateWaits: { status: Exclude<GateStatus, 'PENDING'>; seconds: number }[];
  /** Seconds each still-pending gate has been open, by the environment it would deploy to. */
  pendingGateAges: { environment: DeployEnvironment; seconds: number }[];
}

export async function readPipelineSnapshot(db: Db): Promise<PipelineSnapshot> {
  type GateRow = { status: GateStatus; environment: DeployEnvironment; seconds: number };
  const [runs, gates]: [{ status: PipelineStatus; count: number }[], GateRow[]] = await Promise.all([
    db.query(`SELECT status, count(*)::int AS count FROM pipeline_run GROUP BY status`),
    db.query(`SELECT status, environment, extract(epoch FROM coalesce(closed_at, now()) - created_at)::float8 AS seconds FROM approval_gate`),
  ]);
  return {
    runsByStatus: Object.fromEntries(runs.map((row) => [row.status, row.count])),
    closedGateWaits: gates.flatMap(({ status, seconds }) => (status === 'PENDING' ? [] : [{ status, seconds }])),
    pendingGateAges: gates.filter((gate) => gate.status === 'PENDING').map(({ environment, seconds }) => ({ environment, seconds })),
  };
}

/** What the gauges show of the newest drift report of one model in one environment (null for a dataset scan). */
export interface NewestDriftReport {
  modelName: string;
  environment: string | null;
  driftShare: number;
  datasetDrift: boolean;
  driftedColumns: number;
  /** Null when the scan scored nothing. */
  predictionDrifted: boolean | null;
  /** Null when not measured: a dataset scan, or regression (no error-rate detectors). */
  ddmLevel: DriftLevel | null;
  eddmLevel: DriftLevel | null;
  /** Null when not measured: a dataset scan, or classification (Page–Hinkley watches regression's errors). */
  pageHinkleyLevel: DriftLevel | null;
  createdAtSeconds: number;
}

interface NewestReportRow {
  model_name: string;
  environment: string | null;
  drift_share: number;
  dataset_drift: boolean;
  number_of_drifted_columns: number;
  prediction_drifted: boolean | null;
  ddm_level: DriftLevel | null;
  eddm_level: DriftLevel | null;
  page_hinkley_level: DriftLevel | null;
  created_at_seconds: string;
}

/** The newest report per model and environment (the index on model_name, created_at serves it). */
export async function newestDriftReports(db: Db): Promise<NewestDriftReport[]> {
  const rows: NewestReportRow[] = await db.query(`
    SELECT DISTINCT ON (model_name, environment)
      model_name, environment, drift_share, dataset_drift, number_of_drifted_columns,
      (prediction_drift ->> 'drifted')::boolean AS prediction_drifted,
      concept_drift -> 'ddm' ->> 'level' AS ddm_level,
      concept_drift -> 'eddm' ->> 'level' AS eddm_level,
      concept_drift -> 'pageHinkley' ->> 'level' AS page_hinkley_level,
      extract(epoch FROM created_at) AS created_at_seconds
    FROM drift_report
    ORDER BY model_name, environment, created_at DESC, id DESC`);
  return rows.map((row) => ({
    modelName: row.model_name,
    environment: row.environment,
    driftShare: row.drift_share,
    datasetDrift: row.dataset_drift,
    driftedColumns: row.number_of_drifted_columns,
    predictionDrifted: row.prediction_drifted,
    ddmLevel: row.ddm_level,
    eddmLevel: row.eddm_level,
    pageHinkleyLevel: row.page_hinkley_level,
    createdAtSeconds: Number(row.created_at_seconds),
  }));
}
