import { CURSOR_FETCH_ROWS } from '../../db/prediction-log';
import { EXACT_CURRENT_VALUES_MAX } from '../../ml/drift/column-drift-stream';

/** How the compute activities read the current sample; tests lower both to exercise the streaming paths on small data. */
export interface DriftComputeOptions {
  /** Current values per numeric column kept for the exact tests (columnDriftStream). */
  exactValuesMax: number;
  /** Prediction-log rows per cursor FETCH. */
  fetchRows: number;
}

export const DRIFT_COMPUTE_OPTIONS: DriftComputeOptions = { exactValuesMax: EXACT_CURRENT_VALUES_MAX, fetchRows: CURSOR_FETCH_ROWS };
