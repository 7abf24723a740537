import { MINIMUM_SAMPLE_SIZE, type ColumnDriftResult, type DriftScanPlan, type ScanDrift } from '../../domain/drift';
import { columnDriftResult, columnDriftStream, EXACT_CURRENT_VALUES_MAX } from './column-drift-stream';
import { exactSummaries, valuesOfSummary, type ColumnSummary, type ScanPartSummary } from './column-summary';

/** A column of the reference without a single value: there is nothing to compare it with. */
export class NoReferenceValuesError extends Error {
  constructor(readonly column: string) {
    super(`column "${column}" has no values in the reference: there is nothing to compare`);
  }
}

/**
 * Every column's drift and the output drift from the merged summaries of both samples:
 * each summary's values (valuesOfSummary) go through columnDriftStream as a sample read
 * from the files would, so the tests, statistics, histograms and quality are the ones
 * computeScanDrift reports for the same rows (sums may round in the last bits otherwise,
 * the values arriving in another order). Null when a summary has no counts (a part held
 * too many distinct values): the caller then reads the samples whole.
 */
export function scanDriftOfSummaries(plan: DriftScanPlan, reference: ScanPartSummary, current: ScanPartSummary): ScanDrift | null {
  const all = [...reference.columns, reference.prediction, ...current.columns, current.prediction];
  if (!exactSummaries(all)) return null;
  const minimumSampleSize = plan.minimumSampleSize ?? MINIMUM_SAMPLE_SIZE;
  const columns = reference.columns.map((column, c) => driftOfSummaries(column, current.columns[c], minimumSampleSize));
  if (reference.prediction.counts!.length === 0) throw new NoReferenceValuesError(reference.prediction.name);
  const outputs = columnDriftStream(valuesOfSummary(reference.prediction), EXACT_CURRENT_VALUES_MAX);
  outputs.add(valuesOfSummary(current.prediction).values);
  const predictionDrift = outputs.presentValues().current === 0 ? null : columnDriftResult(outputs, minimumSampleSize);
  return { columns, predictionDrift };
}

function driftOfSummaries(reference: ColumnSummary, current: ColumnSummary, minimumSampleSize: number): ColumnDriftResult {
  // Checked first: a numeric stream refuses a reference without values (a RangeError, which a workflow would retry).
  if (reference.counts!.length === 0) throw new NoReferenceValuesError(reference.name);
  const stream = columnDriftStream(valuesOfSummary(reference), EXACT_CURRENT_VALUES_MAX);
  stream.add(valuesOfSummary(current).values);
  return columnDriftResult(stream, minimumSampleSize);
}
