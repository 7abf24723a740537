import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/db';
import { recentPredictions, recordGroundTruth } from '../../db/prediction-log';
import type { DeployEnvironment } from '../../domain/approval';
import { badInput } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { checkPageSize } from '../common/connection';
import { DATA_SOURCE } from '../common/injection-tokens';
import type { GroundTruthType, PredictionType, RecordGroundTruthInput } from './predictions.types';

@Injectable()
export class PredictionsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async recent(modelName: string, first: number, environment: DeployEnvironment | null): Promise<PredictionType[]> {
    const rows = await recentPredictions(this.dataSource, modelName, environment, checkPageSize(first));
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
          : { modelName: row.model_name, requestId: row.request_id, rowIndex: row.row_index, label: row.truth_label, recordedBy: row.truth_recorded_by!, recordedAt: row.truth_recorded_at },
    }));
  }

  /** Upserts the outcome of one predicted row; a repeated call is a no-op. */
  async recordGroundTruth(principal: Principal, input: RecordGroundTruthInput): Promise<GroundTruthType> {
    const { modelName, requestId } = input;
    const rowIndex = input.rowIndex ?? 0;
    if (modelName.trim() === '') throw badInput('input.modelName', 'must not be empty');
    if (requestId.trim() === '') throw badInput('input.requestId', 'must not be empty');
    if (rowIndex < 0) throw badInput('input.rowIndex', 'must be 0 or more');
    if (input.label === null || input.label === undefined) throw badInput('input.label', 'must not be null');
    return inTransaction(this.dataSource, (tx) => recordGroundTruth(tx, { modelName, requestId, rowIndex, label: input.label, recordedBy: principal.name }));
  }
}
