import { findDatasetVersion, type DatasetVersionEntity } from '../../db/datasets';
import type { DriftScanPlan } from '../../domain/drift';
import type { ColumnValues } from '../../ml/drift/column-drift-stream';
import type { FeatureColumns, FeatureSpec } from '../../ml/features/feature-spec';
import type { TypedTable } from '../../ml/tabular/table';
import { readDatasetColumns, readDatasetFeatureColumns } from '../../storage/dataset-table';
import { keepAliveWhile } from '../batch-scoring.activity';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { featureColumnsOf } from '../training-data';

/** A column of a scan, with the kind its reference gives it. */
export type DriftColumnSpec = DriftScanPlan['columns'][number];

/**
 * A sample's columns as drift compares them and a model reads them: `columns` holds one
 * column per name of `spec`, numbers (booleans 0/1, anything else NaN: missing) for the
 * numeric ones and text (null: missing) for the categorical ones, whatever type the
 * dataset's own schema gave them, exactly as featureColumnsOf gives them. A name may be
 * both: a scan may compare as categories a column the model reads as numbers.
 */
export interface SampleColumns {
  rowCount: number;
  spec: FeatureSpec;
  columns: FeatureColumns;
}

/**
 * The named columns of a dataset version read back from the store (readDatasetColumns),
 * heartbeating meanwhile; `field` names the input that chose it when it is gone.
 */
export async function readDatasetVersionTable(deps: ActivityDependencies, datasetVersionId: string, field: string, columns: readonly string[]): Promise<TypedTable> {
  return keepAliveWhile(readDatasetColumns(deps.store, await datasetVersionNamed(deps, datasetVersionId, field), columns), undefined);
}

/**
 * The scan's reference, and its current sample when that is a dataset version (null for a
 * prediction-log window), as `spec` asks them, heartbeating meanwhile. Both are looked up
 * first (a missing reference is named before a missing current version), then read at
 * once: one file's decoding in DuckDB's threads overlaps the other's copying into arrays.
 */
export async function readScanSamples(deps: ActivityDependencies, plan: DriftScanPlan, spec: FeatureSpec): Promise<{ reference: SampleColumns; current: SampleColumns | null }> {
  const reference = await datasetVersionNamed(deps, plan.reference.datasetVersionId, 'referenceDatasetVersionId');
  const current = plan.current.kind === 'dataset_version' ? await datasetVersionNamed(deps, plan.current.datasetVersionId, 'currentDatasetVersionId') : null;
  const [referenceSample, currentSample] = await keepAliveWhile(
    Promise.all([readDatasetVersionSample(deps, reference, spec), current ? readDatasetVersionSample(deps, current, spec) : null]),
    undefined,
  );
  return { reference: referenceSample, current: currentSample };
}

async function datasetVersionNamed(deps: ActivityDependencies, datasetVersionId: string, field: string): Promise<DatasetVersionEntity> {
  const version = await findDatasetVersion(deps.dataSource, datasetVersionId);
  if (!version) throw invalidInput(field, `dataset version ${datasetVersionId} not found`);
  return version;
}

/**
 * The columns of a dataset version as `spec` asks them: read by DuckDB straight into typed
 * arrays where it reads the files as the hand-written readers do
 * (readDatasetFeatureColumns), else from the typed table; the same values either way.
 */
async function readDatasetVersionSample(deps: ActivityDependencies, version: DatasetVersionEntity, spec: FeatureSpec): Promise<SampleColumns> {
  const columns = await readDatasetFeatureColumns(deps.store, version, spec);
  if (columns) return { rowCount: columns.rowCount, spec, columns: columns.columns };
  return sampleOfTable(await readDatasetColumns(deps.store, version, [...new Set([...spec.numeric, ...spec.categorical])]), spec);
}

/** What a scan reads of each sample: its columns by their drift kind, and the model's features (if given) by theirs. */
export function scanSampleSpec(columns: readonly DriftColumnSpec[], model?: FeatureSpec): FeatureSpec {
  const kind = (wanted: DriftColumnSpec['kind']) => columns.filter((column) => column.kind === wanted).map((column) => column.name);
  return {
    numeric: [...new Set([...kind('numeric'), ...(model?.numeric ?? [])])],
    categorical: [...new Set([...kind('categorical'), ...(model?.categorical ?? [])])],
  };
}

/** The sample of a table already read: its columns as `spec` asks them. */
export function sampleOfTable(table: TypedTable, spec: FeatureSpec): SampleColumns {
  return { rowCount: table.rowCount, spec, columns: featureColumnsOf(table, spec, everyRow(table)) };
}

/** The columns as drift compares them, in the order given, from a sample that holds them by their kinds. */
export function sampleDriftValues(sample: SampleColumns, columns: readonly DriftColumnSpec[]): ColumnValues[] {
  return columns.map(({ name, kind }) =>
    kind === 'numeric'
      ? { name, kind, values: sample.columns.numericColumns[sampleIndex(sample.spec.numeric, name)] }
      : { name, kind, values: sample.columns.categoricalColumns[sampleIndex(sample.spec.categorical, name)] },
  );
}

/** A model's features, laid out by its spec, from a sample that holds them. */
export function modelFeatureColumns(sample: SampleColumns, spec: FeatureSpec): FeatureColumns {
  return {
    numericColumns: spec.numeric.map((name) => sample.columns.numericColumns[sampleIndex(sample.spec.numeric, name)]),
    categoricalColumns: spec.categorical.map((name) => sample.columns.categoricalColumns[sampleIndex(sample.spec.categorical, name)]),
  };
}

function sampleIndex(names: readonly string[], name: string): number {
  const index = names.indexOf(name);
  if (index < 0) throw new RangeError(`the sample was read without column ${JSON.stringify(name)} of this kind (${names.join(', ')})`);
  return index;
}

/**
 * Every row of the columns as drift compares them, in the order given: a numeric column
 * as numbers (booleans 0/1, anything else NaN: missing), a categorical one as text (null:
 * missing), whatever type this dataset's own schema gave it, exactly as a model reads its
 * features (featureColumnsOf).
 */
export function driftColumnValues(table: TypedTable, columns: DriftColumnSpec[]): ColumnValues[] {
  return sampleDriftValues(sampleOfTable(table, scanSampleSpec(columns)), columns);
}

/** The indexes of all of a table's (or sample's) rows, as the row-wise readers and scoreRows take them. */
export function everyRow({ rowCount }: { rowCount: number }): Uint32Array {
  const rows = new Uint32Array(rowCount);
  for (let row = 0; row < rowCount; row += 1) rows[row] = row;
  return rows;
}
