import { driftTestStatus, type ColumnDrift, type DriftTestStatus } from '../../domain/drift';

/** Share of drifted columns at or above which the dataset has drifted (Evidently's default). */
export const DATASET_DRIFT_SHARE = 0.5;

export interface DatasetDrift {
  columns: readonly ColumnDrift[];
  numberOfColumns: number;
  /** Columns with enough data to be tested; the others count neither as drifted nor in the share. */
  numberOfTestedColumns: number;
  numberOfDriftedColumns: number;
  /** numberOfDriftedColumns / numberOfTestedColumns; 0 when none was tested. */
  driftShare: number;
  /** The share at or above which the dataset counts as drifted. */
  threshold: number;
  datasetDrift: boolean;
}

/**
 * Dataset drift from the per-column results:
 *
 *   driftShare = (drifted columns) / (tested columns),   datasetDrift = driftShare ≥ threshold,
 *
 * threshold 0.5 by default, as Evidently's DatasetDriftMetric (drift_share = 0.5,
 * https://docs-old.evidentlyai.com/reference/data-drift-algorithm). Each column keeps its
 * own test and threshold (columnDrift's overrides). Columns whose samples were too small
 * to test (status NOT_ENOUGH_DATA) are left out of both counts; with none tested there is
 * no dataset drift to speak of: share 0, no drift. Results without a status were all tested.
 */
export function datasetDrift(columns: readonly (ColumnDrift & { status?: DriftTestStatus })[], threshold: number = DATASET_DRIFT_SHARE): DatasetDrift {
  if (columns.length === 0) throw new RangeError('columns is empty: dataset drift needs at least one column result');
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be a share in (0, 1] (got ${threshold})`);
  const tested = columns.filter((column) => driftTestStatus(column) === 'TESTED');
  const numberOfDriftedColumns = tested.filter((column) => column.drifted).length;
  const driftShare = tested.length === 0 ? 0 : numberOfDriftedColumns / tested.length;
  return {
    columns,
    numberOfColumns: columns.length,
    numberOfTestedColumns: tested.length,
    numberOfDriftedColumns,
    driftShare,
    threshold,
    datasetDrift: tested.length > 0 && driftShare >= threshold,
  };
}
