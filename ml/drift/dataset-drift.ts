import type { ColumnDrift } from '../../domain/drift';

/** Share of drifted columns at or above which the dataset has drifted (Evidently's default). */
export const DATASET_DRIFT_SHARE = 0.5;

export interface DatasetDrift {
  columns: readonly ColumnDrift[];
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  /** numberOfDriftedColumns / numberOfColumns. */
  driftShare: number;
  /** The share at or above which the dataset counts as drifted. */
  threshold: number;
  datasetDrift: boolean;
}

/**
 * Dataset drift from the per-column results:
 *
 *   driftShare = (drifted columns) / (columns),   datasetDrift = driftShare ≥ threshold,
 *
 * threshold 0.5 by default, as Evidently's DatasetDriftMetric (drift_share = 0.5,
 * https://docs-old.evidentlyai.com/reference/data-drift-algorithm). Each column keeps its
 * own test and threshold (columnDrift's overrides).
 */
export function datasetDrift(columns: readonly ColumnDrift[], threshold: number = DATASET_DRIFT_SHARE): DatasetDrift {
  if (columns.length === 0) throw new RangeError('columns is empty: dataset drift needs at least one column result');
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be a share in (0, 1] (got ${threshold})`);
  const numberOfDriftedColumns = columns.filter((column) => column.drifted).length;
  const driftShare = numberOfDriftedColumns / columns.length;
  return {
    columns,
    numberOfColumns: columns.length,
    numberOfDriftedColumns,
    driftShare,
    threshold,
    datasetDrift: driftShare >= threshold,
  };
}
