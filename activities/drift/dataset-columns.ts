import { findDatasetVersion } from '../../db/datasets';
import type { DriftScanPlan } from '../../domain/drift';
import type { ColumnValues } from '../../ml/drift/column-drift-stream';
import type { TypedTable } from '../../ml/tabular/table';
import { readDatasetColumns } from '../../storage/dataset-table';
import { keepAliveWhile } from '../batch-scoring.activity';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { featureColumnsOf } from '../training-data';

/** A column of a scan, with the kind its reference gives it. */
export type DriftColumnSpec = DriftScanPlan['columns'][number];

/**
 * The named columns of a dataset version read back from the store (readDatasetColumns),
 * heartbeating meanwhile; `field` names the input that chose it when it is gone.
 */
export async function readDatasetVersionTable(deps: ActivityDependencies, datasetVersionId: string, field: string, columns: readonly string[]): Promise<TypedTable> {
  const version = await findDatasetVersion(deps.dataSource, datasetVersionId);
  if (!version) throw invalidInput(field, `dataset version ${datasetVersionId} not found`);
  return keepAliveWhile(readDatasetColumns(deps.store, version, columns), undefined);
}

/** The named columns of the scan's reference, and of its current sample when that is a dataset version (null for a prediction-log window). */
export async function readScanSamples(deps: ActivityDependencies, plan: DriftScanPlan, columns: readonly string[]): Promise<{ reference: TypedTable; current: TypedTable | null }> {
  const reference = await readDatasetVersionTable(deps, plan.reference.datasetVersionId, 'referenceDatasetVersionId', columns);
  const current =
    plan.current.kind === 'dataset_version' ? await readDatasetVersionTable(deps, plan.current.datasetVersionId, 'currentDatasetVersionId', columns) : null;
  return { reference, current };
}

/**
 * Every row of the columns as drift compares them, in the order given: a numeric column
 * as numbers (booleans 0/1, anything else NaN: missing), a categorical one as text (null:
 * missing), whatever type this dataset's own schema gave it, exactly as a model reads its
 * features (featureColumnsOf).
 */
export function driftColumnValues(table: TypedTable, columns: DriftColumnSpec[]): ColumnValues[] {
  const numeric = columns.filter((column) => column.kind === 'numeric').map((column) => column.name);
  const categorical = columns.filter((column) => column.kind === 'categorical').map((column) => column.name);
  const { numericColumns, categoricalColumns } = featureColumnsOf(table, { numeric, categorical }, everyRow(table));
  return columns.map(({ name, kind }) =>
    kind === 'numeric'
      ? { name, kind, values: numericColumns[numeric.indexOf(name)] }
      : { name, kind, values: categoricalColumns[categorical.indexOf(name)] },
  );
}

/** The indexes of all of a table's rows, as the row-wise readers and scoreRows take them. */
export function everyRow(table: TypedTable): Uint32Array {
  return Uint32Array.from({ length: table.rowCount }, (_, row) => row);
}
