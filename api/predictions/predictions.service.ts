import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { canonicalJson } from '../../db/canonical-json';
import type { DeployEnvironment } from '../../domain/approval';
import { badInput, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { checkPageSize } from '../common/connection';
import { DATA_SOURCE } from '../common/injection-tokens';
import type { GroundTruthType, PredictionType, RecordGroundTruthInput } from './predictions.types';

interface GroundTruthRow {
  request_id: string;
  row_index: number;
  label: unknown;
  recorded_by: string;
  recorded_at: Date;
}

interface PredictionRow {
  request_id: string;
  row_index: number;
  model_name: string;
  environment: DeployEnvironment;
  model_version_id: string;
  version: number;
  role: string;
  features: Record<string, unknown>;
  output: Record<string, unknown> | null;
  error: string | null;
  latency_ms: number;
  logged_at: Date;
  truth_label: unknown;
  truth_recorded_by: string | null;
  truth_recorded_at: Date | null;
}

@Injectable()
export class PredictionsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async recent(modelName: string, first: number, environment: DeployEnvironment | null): Promise<PredictionType[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.*, v.version, g.label AS truth_label, g.recorded_by AS truth_recorded_by, g.recorded_at AS truth_recorded_at
         FROM prediction_log p
         JOIN model_version v ON v.id = p.model_version_id
         LEFT JOIN ground_truth g ON g.request_id = p.request_id AND g.row_index = p.row_index
        WHERE p.model_name = $1 AND ($2::text IS NULL OR p.environment = $2)
        ORDER BY p.logged_at DESC, p.request_id, p.row_index, p.role
        LIMIT $3`,
      [modelName, environment, checkPageSize(first)],
    )) as PredictionRow[];
    return rows.map((row) => ({
      requestId: row.request_id,
      rowIndex: row.row_index,
      modelName: row.model_name,
      environment: row.environment,
      modelVersionId: row.model_version_id,
      version: row.version,
      role: row.role,
      features: row.features,
      output: row.output,
      error: row.error,
      latencyMs: row.latency_ms,
      loggedAt: row.logged_at,
      groundTruth:
        row.truth_recorded_at === null
          ? null
          : { requestId: row.request_id, rowIndex: row.row_index, label: row.truth_label, recordedBy: row.truth_recorded_by!, recordedAt: row.truth_recorded_at },
    }));
  }

  /**
   * Upserts the outcome of one predicted row. Insert-first makes concurrent callers
   * safe: one inserts, the others wait on its row and then find it. Only a new or
   * changed label is written and audited, so a retried call is a no-op.
   */
  async recordGroundTruth(principal: Principal, input: RecordGroundTruthInput): Promise<GroundTruthType> {
    const requestId = input.requestId;
    const rowIndex = input.rowIndex ?? 0;
    if (requestId.trim() === '') throw badInput('input.requestId', 'must not be empty');
    if (rowIndex < 0) throw badInput('input.rowIndex', 'must be 0 or more');
    if (input.label === null || input.label === undefined) throw badInput('input.label', 'must not be null');
    const label = JSON.stringify(input.label);
    return this.dataSource.transaction(async (manager) => {
      await assertPredicted(manager, requestId, rowIndex);
      const [inserted] = (await manager.query(
        `INSERT INTO ground_truth (request_id, row_index, label, recorded_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (request_id, row_index) DO NOTHING RETURNING *`,
        [requestId, rowIndex, label, principal.name],
      )) as GroundTruthRow[];
      if (inserted) {
        await audit(manager, principal, inserted, null);
        return view(inserted);
      }
      const [existing] = (await manager.query('SELECT * FROM ground_truth WHERE request_id = $1 AND row_index = $2 FOR UPDATE', [
        requestId,
        rowIndex,
      ])) as GroundTruthRow[];
      if (canonicalJson(existing.label) === canonicalJson(input.label)) return view(existing);
      const [updated] = (await manager.query(
        `UPDATE ground_truth SET label = $3, recorded_by = $4, recorded_at = now() WHERE request_id = $1 AND row_index = $2 RETURNING *`,
        [requestId, rowIndex, label, principal.name],
      )) as [GroundTruthRow[], number];
      const [row] = updated;
      await audit(manager, principal, row, existing.label);
      return view(row);
    });
  }
}

async function assertPredicted(manager: EntityManager, requestId: string, rowIndex: number): Promise<void> {
  const [row] = (await manager.query('SELECT row_index FROM prediction_log WHERE request_id = $1 AND row_index = $2 LIMIT 1', [
    requestId,
    rowIndex,
  ])) as unknown[];
  if (row) return;
  const [request] = (await manager.query('SELECT 1 FROM prediction_log WHERE request_id = $1 LIMIT 1', [requestId])) as unknown[];
  if (request) throw notFound('input.rowIndex', `row ${rowIndex} of request ${JSON.stringify(requestId)}`);
  throw notFound('input.requestId', `a logged prediction for request ${JSON.stringify(requestId)}`);
}

function audit(manager: EntityManager, principal: Principal, row: GroundTruthRow, previousLabel: unknown) {
  return appendAuditEvent(manager, {
    actor: principal.name,
    action: 'ground_truth.recorded',
    subjectType: 'prediction',
    subjectId: row.request_id,
    payload: { rowIndex: row.row_index, label: row.label, previousLabel },
  });
}

function view(row: GroundTruthRow): GroundTruthType {
  return { requestId: row.request_id, rowIndex: row.row_index, label: row.label, recordedBy: row.recorded_by, recordedAt: row.recorded_at };
}
