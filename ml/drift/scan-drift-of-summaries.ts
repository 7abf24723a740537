import { MINIMUM_SAMPLE_SIZE, type ColumnDriftResult, type DriftScanPlan, type ScanDrift } from '../../domain/drift';
import type { CategoryTally } from './category-tally';
import { categoricalStreamOfTallies, columnDriftResult, columnDriftStream, EXACT_CURRENT_VALUES_MAX } from './column-drift-stream';
import { mergeableSummaries, valuesOfSummary, type ColumnSummary, type ScanPartSummary } from './column-summary';
import { sketchOfCounts } from './numeric-sketch';
import { sketchedColumnDrift } from './sketched-column-drift';

/** A column of the reference without a single value: there is nothing to compare it with. */
export class NoReferenceValuesError extends Error {
  constructor(readonly column: string) {
    super(`column "${column}" has no values in the reference: there is nothing to compare`);
  }
}

/**
 * Every column's drift and the output drift from the merged summaries of both samples.
 * Exact summaries give the report computeScanDrift gives for the same rows: a categorical
 * column's counts go to the count-based tests as they are, a numeric column's values
 * (valuesOfSummary) through columnDriftStream as a sample read from the files would (sums
 * may round in the last bits otherwise, the values arriving in another order). A numeric
 * column sketched on either side (NumericSketch, both sides then as sketches) is tested
 * from the sketches, with their error bound (sketchedColumnDrift). Null when a summary
 * has neither counts nor a sketch (a part held too many categories, or an infinite value):
 * the caller then reads the samples whole.
 */
export function scanDriftOfSummaries(plan: DriftScanPlan, reference: ScanPartSummary, current: ScanPartSummary): ScanDrift | null {
  const all = [...reference.columns, reference.prediction, ...current.columns, current.prediction];
  if (!mergeableSummaries(all)) return null;
  const minimumSampleSize = plan.minimumSampleSize ?? MINIMUM_SAMPLE_SIZE;
  const columns = reference.columns.map((column, c) => driftOfSummaries(column, current.columns[c], minimumSampleSize));
  const predictionDrift = presentValues(current.prediction) === 0 ? null : driftOfSummaries(reference.prediction, current.prediction, minimumSampleSize);
  return { columns, predictionDrift };
}

function driftOfSummaries(reference: ColumnSummary, current: ColumnSummary, minimumSampleSize: number): ColumnDriftResult {
  // Checked first: a numeric stream refuses a reference without values (a RangeError, which a workflow would retry).
  if (presentValues(reference) === 0) throw new NoReferenceValuesError(reference.name);
  if (reference.kind === 'categorical' && current.kind === 'categorical') {
    return columnDriftResult(categoricalStreamOfTallies(reference.name, tallyOf(reference), tallyOf(current)), minimumSampleSize);
  }
  if (reference.kind === 'numeric' && current.kind === 'numeric' && (reference.sketch || current.sketch)) {
    const sketchOf = (summary: typeof reference) => summary.sketch ?? sketchOfCounts(summary.counts!, summary.missing);
    return sketchedColumnDrift(reference.name, sketchOf(reference), sketchOf(current), minimumSampleSize);
  }
  const stream = columnDriftStream(valuesOfSummary(reference), EXACT_CURRENT_VALUES_MAX);
  stream.add(valuesOfSummary(current).values);
  return columnDriftResult(stream, minimumSampleSize);
}

function presentValues(summary: ColumnSummary): number {
  if (summary.kind === 'numeric' && summary.sketch) return summary.sketch.count;
  return summary.counts!.reduce((sum, [, count]) => sum + count, 0);
}

function tallyOf(summary: Extract<ColumnSummary, { kind: 'categorical' }>): CategoryTally {
  return { counts: new Map(summary.counts!), values: presentValues(summary) + summary.missing, missing: summary.missing };
}
