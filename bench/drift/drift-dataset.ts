import type { ColumnValues } from '../../ml/drift/column-drift-stream';
import type { DriftTest } from '../../domain/drift';

/** One column of a benchmark dataset: the reference and current samples, as the engine takes them. */
export type DriftBenchColumn =
  | { name: string; kind: 'numeric'; reference: Float64Array; current: Float64Array }
  | { name: string; kind: 'categorical'; reference: (string | null)[]; current: (string | null)[] };

export interface DriftBenchDataset {
  /** Shown in the tables, e.g. "synthetic 100k". */
  label: string;
  columns: DriftBenchColumn[];
  referenceRows: number;
  currentRows: number;
}

export function referenceOf(column: DriftBenchColumn): ColumnValues {
  return column.kind === 'numeric'
    ? { name: column.name, kind: 'numeric', values: column.reference }
    : { name: column.name, kind: 'categorical', values: column.reference };
}

/**
 * The scipy tests a column is compared on: the value tests for a continuous numeric
 * column, the count tests for a categorical one or a numeric one of few distinct values
 * (which the engine, like Evidently, counts per value).
 */
export function scipyTestsFor(column: DriftBenchColumn): DriftTest[] {
  return column.kind === 'numeric' && !hasFewValues(column.reference) ? ['ks', 'wasserstein'] : ['chi_square', 'jensen_shannon'];
}

/** At most 5 distinct values (FEW_VALUES_MAX) in the reference. */
function hasFewValues(values: Float64Array): boolean {
  const seen = new Set<number>();
  for (const value of values) {
    if (!Number.isNaN(value)) seen.add(value);
    if (seen.size > 5) return false;
  }
  return true;
}
