import { readFile } from 'node:fs/promises';
import type { DatasetVersionEntity } from '../db/datasets';
import type { ColumnSchema, DatasetFormat } from '../domain/dataset';
import { concatenatedFloat64 } from '../ml/tabular/concatenated-float64';
import { readTable } from '../ml/tabular/parse-table';
import type { TypedTable } from '../ml/tabular/table';
import { typeTable } from '../ml/tabular/type-table';
import type { ArtifactStore } from './artifact-store';
import type { FeatureSpec } from '../ml/features/feature-spec';
import { readColumnsWithDuckDb, readFeatureColumnsWithDuckDb, withLocalCopy, type FeatureColumnsRead, type RowRange } from './duckdb-columns';

/**
 * Every column of a registered dataset version, typed by the schema stored at registration
 * (readDatasetColumns of all of them: by DuckDB where its cells are the hand-written
 * readers'); its bytes are verified against their sha256. A version of several parts is
 * their rows in order.
 */
export function readDatasetTable(store: ArtifactStore, version: DatasetVersionEntity): Promise<TypedTable> {
  return readDatasetColumns(
    store,
    version,
    version.schema.map((column) => column.name),
  );
}

/**
 * The named columns of a registered dataset version (and perhaps others), with exactly the
 * cells readDatasetTable gives them: read by DuckDB, only those columns, where its cells are
 * the hand-written readers' (CSV, and Parquet of numbers, booleans and text), else the
 * whole table the usual way, from the same copy. A version of several parts is their rows in order.
 */
export async function readDatasetColumns(store: ArtifactStore, version: DatasetVersionEntity, names: readonly string[]): Promise<TypedTable> {
  const tables: TypedTable[] = [];
  for (const uri of storedFilesOf(version)) tables.push(await readStoredColumns(store, uri, version.format, version.schema, names));
  return concatenatedTables(tables);
}

/**
 * The columns of a registered dataset version as a model and drift read them (numbers as
 * Float64Array, NaN missing; categories as text, null missing), read by DuckDB straight
 * into those arrays (readFeatureColumnsWithDuckDb); null when DuckDB cannot read a part
 * as the hand-written readers do, for the caller to read the version with
 * readDatasetColumns. A version of several parts is their rows in order.
 */
export async function readDatasetFeatureColumns(store: ArtifactStore, version: DatasetVersionEntity, spec: FeatureSpec): Promise<FeatureColumnsRead | null> {
  const parts: FeatureColumnsRead[] = [];
  for (const uri of storedFilesOf(version)) {
    const part = await withLocalCopy(store, uri, version.format, (file) => readFeatureColumnsWithDuckDb(file, version.format, version.schema, spec));
    if (!part) return null;
    parts.push(part);
  }
  return parts.length === 1 ? parts[0] : concatenatedFeatureColumns(parts);
}

/**
 * The named columns of one part of a version of several parts (the single file of any
 * other version is its part 0), or of the rows [from, to) of it: DuckDB reads only the row
 * groups of a Parquet file that hold them; a file read the usual way is cut after reading.
 */
export async function readDatasetPartColumns(
  store: ArtifactStore,
  version: DatasetVersionEntity,
  part: number,
  names: readonly string[],
  rows?: RowRange,
): Promise<TypedTable> {
  const uri = storedFilesOf(version)[part];
  if (uri === undefined) throw new RangeError(`dataset version ${version.id} has no part ${part}`);
  if (!rows) return readStoredColumns(store, uri, version.format, version.schema, names);
  return withLocalCopy(store, uri, version.format, async (file) => {
    const columns = await readColumnsWithDuckDb(file, version.format, version.schema, names, rows);
    return columns ?? rowsOf(typeTable(await readTable(await readFile(file), version.format), version.schema), rows);
  });
}

function rowsOf(table: TypedTable, rows: RowRange): TypedTable {
  return { ...table, columns: table.columns.map((column) => column.slice(rows.from, rows.to)), rowCount: Math.max(0, Math.min(rows.to, table.rowCount) - rows.from) };
}

/** How many files a version is read from: its parts, or its one file. */
export function partCountOf(version: DatasetVersionEntity): number {
  return storedFilesOf(version).length;
}

function storedFilesOf(version: DatasetVersionEntity): string[] {
  return version.parts ? version.parts.map((part) => part.uri) : [version.storageUri];
}

function readStoredColumns(store: ArtifactStore, uri: string, format: DatasetFormat, schema: ColumnSchema[], names: readonly string[]): Promise<TypedTable> {
  return withLocalCopy(store, uri, format, async (file) => {
    const columns = await readColumnsWithDuckDb(file, format, schema, names);
    return columns ?? typeTable(await readTable(await readFile(file), format), schema);
  });
}

/** The parts' rows in order, of the columns all of them hold (a part DuckDB could not read holds every column). */
function concatenatedTables(tables: TypedTable[]): TypedTable {
  if (tables.length === 1) return tables[0];
  const columnNames = tables[0].columnNames.filter((name) => tables.every((table) => table.columnNames.includes(name)));
  return {
    columnNames,
    schema: tables[0].schema,
    rowCount: tables.reduce((sum, table) => sum + table.rowCount, 0),
    columns: columnNames.map((name) => ([] as TypedTable['columns'][number]).concat(...tables.map((table) => table.columns[table.columnNames.indexOf(name)]))),
  };
}

function concatenatedFeatureColumns(parts: FeatureColumnsRead[]): FeatureColumnsRead {
  const rowCount = parts.reduce((sum, part) => sum + part.rowCount, 0);
  const numericColumns = parts[0].columns.numericColumns.map((_, j) => concatenatedFloat64(parts.map((part) => part.columns.numericColumns[j]), rowCount));
  const categoricalColumns = parts[0].columns.categoricalColumns.map((_, j) => parts.flatMap((part) => part.columns.categoricalColumns[j]));
  return { rowCount, columns: { numericColumns, categoricalColumns } };
}
