import type { DataSource, EntityManager } from 'typeorm';
import type { DeployEnvironment } from '../domain/approval';
import type { DriftScanPlan } from '../domain/drift';
import { notFound } from '../domain/errors';
import type { ModelTask } from '../domain/pipeline';
import { appendAuditEvent } from './audit-log';
import { canonicalJson } from './canonical-json';
import type { Db } from './db';

/** How a version came to score a request: by the traffic split, as a shadow copy, or named in the URL. */
export type PredictionRole = 'stable' | 'canary' | 'shadow' | 'pinned';

export type FeatureValue = number | string | null;

/** One row of `prediction_log`: one input row of one request, as one version scored it. */
export interface PredictionLogRow {
  requestId: string;
  rowIndex: number;
  modelName: string;
  environment: DeployEnvironment;
  modelVersionId: string;
  role: PredictionRole;
  features: Record<string, FeatureValue>;
  /** Null when scoring failed; `error` says why. */
  output: Record<string, unknown> | null;
  error: string | null;
  /** The whole request's scoring time, shared by its rows. */
  latencyMs: number;
  loggedAt: Date;
}

// Day partitions

/** Today and the next two days: a process that misses a day's run still finds tomorrow's partition ready. */
const PARTITION_DAYS_AHEAD = 2;

/** Any constant works; every serving process uses the same one, so their CREATEs never race. */
const PARTITION_LOCK = 0x70726564;

export interface DayPartition {
  name: string;
  /** Inclusive lower bound, UTC midnight. */
  from: string;
  /** Exclusive upper bound, the next UTC midnight. */
  to: string;
}

/** The `prediction_log_YYYYMMDD` partitions (UTC days) from `now`'s day to PARTITION_DAYS_AHEAD days later. */
export function dayPartitions(now: Date): DayPartition[] {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = (offset: number) => new Date(midnight + offset * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: PARTITION_DAYS_AHEAD + 1 }, (_, offset) => ({
    name: `prediction_log_${day(offset).replaceAll('-', '')}`,
    from: `${day(offset)} 00:00:00+00`,
    to: `${day(offset + 1)} 00:00:00+00`,
  }));
}

export interface PartitionFailure {
  partition: string;
  error: unknown;
}

/**
 * Creates the day partitions of `prediction_log` that do not exist yet; idempotent and
 * safe from several processes at once. A partition that cannot be created (the default
 * partition already holds rows of that day) is skipped and returned with why: those rows
 * stay readable in the default partition.
 */
export async function ensurePredictionLogPartitions(dataSource: DataSource, now = new Date()): Promise<PartitionFailure[]> {
  const failures: PartitionFailure[] = [];
  for (const partition of dayPartitions(now)) {
    try {
      await dataSource.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
        // Through the owner's function: the app role serving runs as may create no tables itself.
        await tx.query('SELECT ensure_prediction_log_partition($1::date)', [partition.from.slice(0, 10)]);
      });
    } catch (error) {
      failures.push({ partition: partition.name, error });
    }
  }
  return failures;
}

// Writing

const COLUMNS = ['request_id', 'row_index', 'model_name', 'environment', 'model_version_id', 'role', 'features', 'output', 'error', 'latency_ms', 'logged_at'] as const;

/**
 * Inserts rows in one multi-row statement. Rows already present are ignored (their key
 * includes the time they were scored), so a batch retried after its commit was lost with
 * its connection is not logged twice.
 */
export async function insertPredictionLogRows(db: Db, rows: PredictionLogRow[]): Promise<void> {
  const parameters: unknown[] = [];
  const tuples = rows.map((row) => {
    const first = parameters.length + 1;
    parameters.push(
      row.requestId,
      row.rowIndex,
      row.modelName,
      row.environment,
      row.modelVersionId,
      row.role,
      JSON.stringify(row.features),
      row.output === null ? null : JSON.stringify(row.output),
      row.error,
      row.latencyMs,
      row.loggedAt,
    );
    return `(${COLUMNS.map((_, i) => `$${first + i}`).join(', ')})`;
  });
  await db.query(`INSERT INTO prediction_log (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, parameters);
}

// Windows: which logged rows an analysis reads

/**
 * The rows a model served in [from, to): what every analysis of live traffic reads (drift
 * scans, canary observations, the maturity scorecard). A null narrows nothing.
 */
export interface PredictionLogWindow {
  /** Null: every model. */
  modelName: string | null;
  /** Null: every environment. */
  environment: DeployEnvironment | null;
  /** Null: whichever version scored the row. */
  modelVersionId: string | null;
  /** Inclusive; null: since the first row logged. */
  from: string | Date | null;
  /** Exclusive; null: up to now. */
  to: string | Date | null;
}

/**
 * The one condition on `prediction_log p` for a window; appends its values to `parameters`.
 * `answered` keeps only the rows the version gave an answer for.
 */
function windowCondition(window: PredictionLogWindow, parameters: unknown[], rows: 'served' | 'answered'): string {
  const parameter = (value: unknown) => {
    parameters.push(value);
    return `$${parameters.length}`;
  };
  // A shadow copy scores a request a second time, for comparison only: it was never
  // returned to the caller, and counting it would count the request twice.
  const conditions = [`p.role <> 'shadow'`];
  if (window.modelName !== null) conditions.push(`p.model_name = ${parameter(window.modelName)}`);
  if (window.environment !== null) conditions.push(`p.environment = ${parameter(window.environment)}`);
  if (window.modelVersionId !== null) conditions.push(`p.model_version_id = ${parameter(window.modelVersionId)}`);
  if (window.from !== null) conditions.push(`p.logged_at >= ${parameter(window.from)}::timestamptz`);
  if (window.to !== null) conditions.push(`p.logged_at < ${parameter(window.to)}::timestamptz`);
  // A row the version failed to score has an error and no output: it tells what arrived
  // (its features), not what the version answered.
  if (rows === 'answered') conditions.push('p.output IS NOT NULL');
  return conditions.join(' AND ');
}

/** Rows served in the window, failed ones included: the size of a drift scan's current sample. */
export async function countServedRows(db: Db, window: PredictionLogWindow): Promise<number> {
  const parameters: unknown[] = [];
  const [{ rows }]: { rows: string }[] = await db.query(`SELECT count(*)::bigint AS rows FROM prediction_log p WHERE ${windowCondition(window, parameters, 'served')}`, parameters);
  return Number(rows);
}

/** Per model, the rows it answered in the window and how many of them have ground truth. */
export async function countAnsweredRowsByModel(db: Db, window: PredictionLogWindow): Promise<{ modelName: string; predictions: number; labelled: number }[]> {
  const parameters: unknown[] = [];
  return db.query(
    `SELECT p.model_name AS "modelName", count(*)::int AS predictions, count(g.request_id)::int AS labelled
     FROM prediction_log p
     LEFT JOIN ground_truth g ON g.model_name = p.model_name AND g.request_id = p.request_id AND g.row_index = p.row_index
     WHERE ${windowCondition(window, parameters, 'answered')}
     GROUP BY p.model_name
     ORDER BY p.model_name`,
    parameters,
  );
}

export interface CanaryWindowRequests {
  role: 'stable' | 'canary';
  requests: number;
  /** Requests with at least one row that failed to score. */
  errors: number;
  /** Of the request latencies (a request's slowest row). */
  p95: number | null;
}

export interface CanaryWindowPredictions {
  role: 'stable' | 'canary';
  /** A predicted label, or the stable version's decile a numeric prediction falls in. */
  bucket: string;
  count: number;
}

/**
 * The two sides of a canary step over its window, aggregated in Postgres so that millions
 * of logged rows cost the worker a handful of numbers: per side, requests (not rows),
 * failed requests and the p95 of request latency, and how the answers spread over labels,
 * or over the stable side's deciles for numeric predictions.
 */
export async function summarizeCanaryWindow(db: Db, window: PredictionLogWindow): Promise<{ requests: CanaryWindowRequests[]; predictions: CanaryWindowPredictions[] }> {
  // Pinned requests named their version themselves: they are no part of the split compared.
  const sides = `p.role IN ('stable', 'canary')`;
  const served: unknown[] = [];
  const requests: CanaryWindowRequests[] = await db.query(
    `WITH per_request AS (
       SELECT p.role, p.request_id, bool_or(p.error IS NOT NULL) AS failed, max(p.latency_ms) AS latency
         FROM prediction_log p WHERE ${windowCondition(window, served, 'served')} AND ${sides} GROUP BY p.role, p.request_id)
     SELECT role, count(*)::int AS requests, (count(*) FILTER (WHERE failed))::int AS errors,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency) AS p95
       FROM per_request GROUP BY role`,
    served,
  );
  const stable: unknown[] = [];
  const [{ edges }]: { edges: number[] | null }[] = await db.query(
    `SELECT percentile_cont(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) WITHIN GROUP (ORDER BY (p.output->>'prediction')::float8) AS edges
       FROM prediction_log p WHERE ${windowCondition(window, stable, 'answered')} AND p.role = 'stable' AND p.output ? 'prediction'`,
    stable,
  );
  const answered: unknown[] = [];
  const where = windowCondition(window, answered, 'answered');
  answered.push(edges ?? []);
  const predictions: CanaryWindowPredictions[] = await db.query(
    `SELECT p.role,
            COALESCE(p.output->>'label', width_bucket((p.output->>'prediction')::float8, $${answered.length}::float8[])::text) AS bucket,
            count(*)::int AS count
       FROM prediction_log p WHERE ${where} AND ${sides} GROUP BY 1, 2`,
    answered,
  );
  return { requests, predictions };
}

/** Rows per FETCH: a round trip per 10 000 rows, a few megabytes in memory at a time. */
export const CURSOR_FETCH_ROWS = 10_000;

/**
 * How a long read keeps its caller alive: every round trip runs inside `whileWaiting` (the
 * first FETCH may sort the whole window), and `rowsRead` hears the total after each chunk.
 */
export interface ChunkedRead {
  fetchRows: number;
  whileWaiting<T>(work: Promise<T>): Promise<T>;
  rowsRead(total: number): void;
}

/**
 * Streams a query's rows through a server-side cursor, `read.fetchRows` at a time, so that
 * a window of millions of rows never sits in memory at once. The cursor lives in the
 * snapshot's transaction (inReadSnapshot). Returns the rows read.
 */
async function forEachChunk<Row>(snapshot: EntityManager, sql: string, parameters: unknown[], read: ChunkedRead, onChunk: (rows: Row[]) => void): Promise<number> {
  if (!Number.isSafeInteger(read.fetchRows) || read.fetchRows < 1) throw new RangeError(`fetchRows must be a positive integer (got ${read.fetchRows})`);
  if (!snapshot.queryRunner?.isTransactionActive) throw new Error('a cursor read must run inside a transaction (inReadSnapshot)');
  await snapshot.query(`DECLARE window_rows NO SCROLL CURSOR FOR ${sql}`, parameters);
  let total = 0;
  for (;;) {
    const rows: Row[] = await read.whileWaiting(snapshot.query(`FETCH FORWARD ${read.fetchRows} FROM window_rows`));
    if (rows.length === 0) break;
    onChunk(rows);
    total += rows.length;
    read.rowsRead(total);
    if (rows.length < read.fetchRows) break;
  }
  await snapshot.query('CLOSE window_rows');
  return total;
}

/** Per column asked for, by its index i: `present<i>` (the row has the feature) and `value<i>`. */
export type LoggedFeatures = Record<string, boolean | number | string | null>;

/**
 * The logged feature values of the window's served rows, failed ones included (what
 * arrived, whether or not it scored): a numeric column's value is a number or null, a
 * categorical one's text or null.
 */
export function forEachLoggedFeatures(
  snapshot: EntityManager,
  window: PredictionLogWindow,
  columns: DriftScanPlan['columns'],
  read: ChunkedRead,
  onChunk: (rows: LoggedFeatures[]) => void,
): Promise<number> {
  const parameters: unknown[] = [];
  const where = windowCondition(window, parameters, 'served');
  const selected = columns.map((column, i) => {
    parameters.push(column.name);
    const name = `$${parameters.length}::text`;
    const value = column.kind === 'numeric' ? `CASE WHEN jsonb_typeof(p.features->${name}) = 'number' THEN (p.features->>${name})::float8 END` : `p.features->>${name}`;
    return `p.features ? ${name} AS present${i}, ${value} AS value${i}`;
  });
  return forEachChunk(snapshot, `SELECT ${selected.join(', ')} FROM prediction_log p WHERE ${where}`, parameters, read, onChunk);
}

/**
 * What the window's version answered: the label (classification) or the prediction
 * (regression; null when it is not a number).
 */
export function forEachLoggedOutput(
  snapshot: EntityManager,
  window: PredictionLogWindow,
  task: ModelTask,
  read: ChunkedRead,
  onChunk: (rows: { output: string | number | null }[]) => void,
): Promise<number> {
  const parameters: unknown[] = [];
  const output = task === 'CLASSIFICATION' ? `p.output->>'label'` : `CASE WHEN jsonb_typeof(p.output->'prediction') = 'number' THEN (p.output->>'prediction')::float8 END`;
  return forEachChunk(snapshot, `SELECT ${output} AS output FROM prediction_log p WHERE ${windowCondition(window, parameters, 'answered')}`, parameters, read, onChunk);
}

export interface LabelledPrediction {
  logged_at: Date;
  /** Classification: whether the predicted label differs from the true one. Regression: |prediction − truth|. */
  value: boolean | number;
}

/**
 * The window's answered rows that have ground truth. Regression leaves out rows whose
 * prediction or label is not a number: they have no error to measure.
 */
function labelledRows(window: PredictionLogWindow, task: ModelTask, parameters: unknown[]): string {
  return `FROM ground_truth g JOIN prediction_log p ON p.model_name = g.model_name AND p.request_id = g.request_id AND p.row_index = g.row_index
    WHERE ${windowCondition(window, parameters, 'answered')}
    ${task === 'CLASSIFICATION' ? '' : `AND jsonb_typeof(p.output->'prediction') = 'number' AND jsonb_typeof(g.label) = 'number'`}`;
}

export async function countLabelledPredictions(db: Db, window: PredictionLogWindow, task: ModelTask): Promise<number> {
  const parameters: unknown[] = [];
  const [{ rows }]: { rows: string }[] = await db.query(`SELECT count(*)::bigint AS rows ${labelledRows(window, task, parameters)}`, parameters);
  return Number(rows);
}

/**
 * The labelled predictions in logged order, each with its error: for classification
 * whether the label differs from the truth (compared as text), for regression the
 * absolute difference.
 */
export function forEachLabelledPrediction(
  snapshot: EntityManager,
  window: PredictionLogWindow,
  task: ModelTask,
  read: ChunkedRead,
  onChunk: (rows: LabelledPrediction[]) => void,
): Promise<number> {
  const value = task === 'CLASSIFICATION' ? `(p.output->>'label') IS DISTINCT FROM (g.label #>> '{}')` : `abs((p.output->>'prediction')::float8 - (g.label #>> '{}')::float8)`;
  const parameters: unknown[] = [];
  const sql = `SELECT p.logged_at, ${value} AS value ${labelledRows(window, task, parameters)} ORDER BY p.logged_at, p.request_id, p.row_index`;
  return forEachChunk(snapshot, sql, parameters, read, onChunk);
}

/** Rows the window's version answered (failed ones left out). */
export async function countAnsweredRows(db: Db, window: PredictionLogWindow): Promise<number> {
  const parameters: unknown[] = [];
  const [{ rows }]: { rows: string }[] = await db.query(`SELECT count(*)::bigint AS rows FROM prediction_log p WHERE ${windowCondition(window, parameters, 'answered')}`, parameters);
  return Number(rows);
}

export interface AnsweredClassification {
  logged_at: Date;
  label: string | null;
  /** The logged `{class: probability}`; null when the answer did not include them. */
  probabilities: Record<string, number> | null;
  /** The ground truth as text; null until it arrives. */
  truth: string | null;
}

/** A classifier's answers in the window in logged order, each with its probabilities and its ground truth if recorded. */
export function forEachAnsweredClassification(
  snapshot: EntityManager,
  window: PredictionLogWindow,
  read: ChunkedRead,
  onChunk: (rows: AnsweredClassification[]) => void,
): Promise<number> {
  const parameters: unknown[] = [];
  const sql = `SELECT p.logged_at, p.output->>'label' AS label, p.output->'probabilities' AS probabilities, g.label #>> '{}' AS truth
    FROM prediction_log p LEFT JOIN ground_truth g ON g.model_name = p.model_name AND g.request_id = p.request_id AND g.row_index = p.row_index
    WHERE ${windowCondition(window, parameters, 'answered')} ORDER BY p.logged_at, p.request_id, p.row_index`;
  return forEachChunk(snapshot, sql, parameters, read, onChunk);
}

// Reading single predictions, and their ground truth

export interface LoggedPrediction {
  request_id: string;
  row_index: number;
  model_name: string;
  environment: DeployEnvironment;
  model_version_id: string;
  /** The scoring version's number. */
  version: number;
  role: PredictionRole;
  features: Record<string, unknown>;
  output: Record<string, unknown> | null;
  error: string | null;
  latency_ms: number;
  logged_at: Date;
  truth_label: unknown;
  truth_recorded_by: string | null;
  truth_recorded_at: Date | null;
}

/** A model's newest logged rows, shadow copies included, with their ground truth; optionally of one environment. */
export function recentPredictions(db: Db, modelName: string, environment: DeployEnvironment | null, limit: number): Promise<LoggedPrediction[]> {
  return db.query(
    `SELECT p.*, v.version, g.label AS truth_label, g.recorded_by AS truth_recorded_by, g.recorded_at AS truth_recorded_at
       FROM prediction_log p
       JOIN model_version v ON v.id = p.model_version_id
       LEFT JOIN ground_truth g ON g.model_name = p.model_name AND g.request_id = p.request_id AND g.row_index = p.row_index
      WHERE p.model_name = $1 AND ($2::text IS NULL OR p.environment = $2)
      ORDER BY p.logged_at DESC, p.request_id, p.row_index, p.role
      LIMIT $3`,
    [modelName, environment, limit],
  );
}

export interface GroundTruth {
  modelName: string;
  requestId: string;
  rowIndex: number;
  label: unknown;
  recordedBy: string;
  recordedAt: Date;
}

interface GroundTruthRow {
  model_name: string;
  request_id: string;
  row_index: number;
  label: unknown;
  recorded_by: string;
  recorded_at: Date;
}

/**
 * Records the observed outcome of one row a model logged, with its audit event, in the
 * caller's transaction. Keyed on model and request: a request id is the caller's, and two
 * models may be sent the same one. Insert-first makes concurrent callers safe: one inserts, the others wait on
 * its row and then find it. Only a new or changed label is written and audited, so a
 * repeated call is a no-op.
 */
export async function recordGroundTruth(
  tx: EntityManager,
  truth: { modelName: string; requestId: string; rowIndex: number; label: unknown; recordedBy: string },
): Promise<GroundTruth> {
  const { modelName, requestId, rowIndex, recordedBy } = truth;
  await assertLogged(tx, modelName, requestId, rowIndex);
  const label = JSON.stringify(truth.label);
  const [inserted]: GroundTruthRow[] = await tx.query(
    `INSERT INTO ground_truth (model_name, request_id, row_index, label, recorded_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (model_name, request_id, row_index) DO NOTHING RETURNING *`,
    [modelName, requestId, rowIndex, label, recordedBy],
  );
  if (inserted) {
    await auditGroundTruth(tx, inserted, null);
    return groundTruthOf(inserted);
  }
  const [existing]: GroundTruthRow[] = await tx.query('SELECT * FROM ground_truth WHERE model_name = $1 AND request_id = $2 AND row_index = $3 FOR UPDATE', [
    modelName,
    requestId,
    rowIndex,
  ]);
  if (canonicalJson(existing.label) === canonicalJson(truth.label)) return groundTruthOf(existing);
  const [[updated]]: [GroundTruthRow[], number] = await tx.query(
    `UPDATE ground_truth SET label = $4, recorded_by = $5, recorded_at = now() WHERE model_name = $1 AND request_id = $2 AND row_index = $3 RETURNING *`,
    [modelName, requestId, rowIndex, label, recordedBy],
  );
  await auditGroundTruth(tx, updated, existing.label);
  return groundTruthOf(updated);
}

async function assertLogged(db: Db, modelName: string, requestId: string, rowIndex: number): Promise<void> {
  const [row]: unknown[] = await db.query('SELECT row_index FROM prediction_log WHERE model_name = $1 AND request_id = $2 AND row_index = $3 LIMIT 1', [
    modelName,
    requestId,
    rowIndex,
  ]);
  if (row) return;
  const [request]: unknown[] = await db.query('SELECT 1 FROM prediction_log WHERE model_name = $1 AND request_id = $2 LIMIT 1', [modelName, requestId]);
  if (request) throw notFound('input.rowIndex', `row ${rowIndex} of request ${JSON.stringify(requestId)} to model ${JSON.stringify(modelName)}`);
  throw notFound('input.requestId', `a prediction of model ${JSON.stringify(modelName)} logged for request ${JSON.stringify(requestId)}`);
}

function auditGroundTruth(tx: EntityManager, row: GroundTruthRow, previousLabel: unknown) {
  return appendAuditEvent(tx, {
    actor: row.recorded_by,
    action: 'ground_truth.recorded',
    subjectType: 'prediction',
    subjectId: row.request_id,
    payload: { modelName: row.model_name, rowIndex: row.row_index, label: row.label, previousLabel },
  });
}

function groundTruthOf(row: GroundTruthRow): GroundTruth {
  return { modelName: row.model_name, requestId: row.request_id, rowIndex: row.row_index, label: row.label, recordedBy: row.recorded_by, recordedAt: row.recorded_at };
}
