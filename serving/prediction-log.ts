import type { DeployEnvironment } from '../domain/approval';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';

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

/** Each row's feature values by feature name, missing values as null: what drift scans and ground-truth joins read. */
export function featureRecords(spec: FeatureSpec, columns: FeatureColumns, rowCount: number): Record<string, FeatureValue>[] {
  const records: Record<string, FeatureValue>[] = [];
  for (let row = 0; row < rowCount; row++) {
    const record: Record<string, FeatureValue> = {};
    spec.numeric.forEach((name, j) => {
      const value = columns.numericColumns[j][row];
      record[name] = Number.isNaN(value) ? null : value;
    });
    spec.categorical.forEach((name, j) => {
      record[name] = columns.categoricalColumns[j][row];
    });
    records.push(record);
  }
  return records;
}
