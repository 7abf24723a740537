import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBDoubleVector, DuckDBInstance, type DuckDBConnection, type DuckDBVector } from '@duckdb/node-api';
import type { ColumnSchema, DatasetFormat } from '../domain/dataset';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { convertCell } from '../ml/tabular/cells';
import { concatenatedFloat64 } from '../ml/tabular/concatenated-float64';
import { numericValueOf } from '../ml/tabular/numeric-columns';
import type { Cell, TypedTable } from '../ml/tabular/table';
import { logger } from '../platform/logger';
import type { ArtifactStore } from './artifact-store';

/**
 * DuckDB's memory for one worker process: past it, DuckDB spills to TEMP_DIRECTORY instead
 * of failing, so a dataset larger than memory is still read (see docs/data-engine.md).
 */
export const DUCKDB_MEMORY_LIMIT = process.env.PROVENANT_DUCKDB_MEMORY_LIMIT || '1GB';
/** Per process: DuckDB names its spill files alike in every instance. */
export const TEMP_DIRECTORY = path.join(os.tmpdir(), `provenant-duckdb-${process.pid}`);

/** DuckDB types whose values the hand-written readers give the same cells for (numbers, booleans, text). */
export const NUMBER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE']);

/** Rows [from, to) of a file, counted from 0 in the file's order. */
export interface RowRange {
  from: number;
  to: number;
}

let instance: Promise<DuckDBInstance> | undefined;

/**
 * One in-process DuckDB per worker, in memory, that never installs an extension: Parquet
 * and JSON are linked into the bindings, and nothing may be downloaded at run time.
 */
function duckdb(): Promise<DuckDBInstance> {
  instance ??= mkdir(TEMP_DIRECTORY, { recursive: true }).then(() =>
    DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      memory_limit: DUCKDB_MEMORY_LIMIT,
      temp_directory: TEMP_DIRECTORY,
    }),
  );
  return instance;
}

/** Runs `use` on a connection to the worker's DuckDB, closed afterwards. */
export async function withDuckDbConnection<T>(use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await (await duckdb()).connect();
  try {
    return await use(connection);
  } finally {
    connection.closeSync();
  }
}

/**
 * Runs `use` on a temporary copy of a stored blob, taken through the store's verified
 * stream wherever the store keeps it (a local volume, an object store), and removes it.
 */
export async function withLocalCopy<T>(store: ArtifactStore, uri: string, extension: string, use: (file: string) => Promise<T>): Promise<T> {
  await mkdir(TEMP_DIRECTORY, { recursive: true });
  const file = path.join(TEMP_DIRECTORY, `${randomUUID()}.${extension}`);
  try {
    const { stream } = await store.openRead(uri);
    await pipeline(stream, createWriteStream(file));
    return await use(file);
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Some columns of a CSV or Parquet dataset file, read by DuckDB (multi-threaded, only the
 * columns asked for) with exactly the cells the hand-written readers give them: CSV cells
 * as the text csv-parse gives (empty: missing) and Parquet numbers, booleans and text as
 * read, each converted to its registered type as typeTable does. Null when DuckDB's cells
 * could differ (JSON lines, whose values carry their own types, and Parquet columns of
 * dates, timestamps, decimals or anything else), and when DuckDB refuses the file: the
 * caller reads those the usual way. Columns not in `schema` are left out. `rows` reads
 * only that range of a Parquet file (null for any other format).
 */
export async function readColumnsWithDuckDb(file: string, format: DatasetFormat, schema: ColumnSchema[], names: readonly string[], rows?: RowRange): Promise<TypedTable | null> {
  if (format === 'jsonl' || (rows && format !== 'parquet')) return null;
  const wanted = schema.filter((column) => names.includes(column.name));
  const connection = await (await duckdb()).connect();
  try {
    const source = format === 'csv' ? csvSource(file) : `read_parquet(${quoted(file)}${rows ? ', file_row_number = true' : ''})`;
    if (format === 'parquet' && !(await readsAsTheParquetReaderDoes(connection, source, wanted))) return null;
    // DuckDB skips the row groups outside the range by their row numbers.
    return await selectColumns(connection, source, wanted, rows ? `WHERE file_row_number >= ${rows.from} AND file_row_number < ${rows.to}` : '');
  } catch (error) {
    // The file was read by the hand-written readers when it was registered; one DuckDB
    // reads otherwise (a line past its 2 MB limit, a header it names differently) is
    // read by them again.
    return readByHandInstead(file, 'reading columns', error);
  } finally {
    connection.closeSync();
  }
}

/** Feature columns of a whole file, in the order of the spec they were asked by. */
export interface FeatureColumnsRead {
  rowCount: number;
  columns: FeatureColumns;
}

/**
 * The named columns of a CSV or Parquet file as a model and drift read them: each numeric
 * feature a Float64Array (NaN missing), each categorical one text (null missing), exactly
 * what featureColumnsOf gives from readColumnsWithDuckDb's table, without its cells. A
 * column may be asked as both kinds. Numbers are copied straight out of DuckDB's column
 * chunks (cast to DOUBLE, as Number() converts 64-bit integers); only text, booleans and
 * the rare mismatch of a column's registered type go cell by cell. Null whenever
 * readColumnsWithDuckDb would be, and when a column is not in `schema`.
 */
export async function readFeatureColumnsWithDuckDb(file: string, format: DatasetFormat, schema: ColumnSchema[], spec: FeatureSpec): Promise<FeatureColumnsRead | null> {
  if (format === 'jsonl') return null;
  const names = [...new Set([...spec.numeric, ...spec.categorical])];
  const types = new Map(schema.map((column) => [column.name, column.type]));
  if (!names.every((name) => types.has(name))) return null;
  const connection = await (await duckdb()).connect();
  try {
    const source = format === 'csv' ? csvSource(file) : `read_parquet(${quoted(file)})`;
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS() as { column_name: string; column_type: string }[];
    const sourceTypes = new Map(described.map((row) => [row.column_name, row.column_type]));
    const readable = (type: string | undefined) => type === 'VARCHAR' || type === 'BOOLEAN' || (type !== undefined && NUMBER_TYPES.has(type));
    if (!names.every((name) => readable(sourceTypes.get(name)))) return null;
    const numberSource = names.map((name) => NUMBER_TYPES.has(sourceTypes.get(name)!));
    const select = names.map((name, c) => (numberSource[c] ? `CAST(${quotedName(name)} AS DOUBLE)` : quotedName(name))).join(', ');
    const result = await connection.stream(`SELECT ${select} FROM ${source}`);
    const numericChunks: Float64Array[][] = spec.numeric.map(() => []);
    const categorical: (string | null)[][] = spec.categorical.map(() => []);
    let rowCount = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      rowCount += chunk.rowCount;
      spec.numeric.forEach((name, j) => {
        const c = names.indexOf(name);
        numericChunks[j].push(numericValues(chunk.getColumnVector(c), chunk.rowCount, numberSource[c], types.get(name)!));
      });
      spec.categorical.forEach((name, j) => {
        const c = names.indexOf(name);
        appendCategories(categorical[j], chunk.getColumnVector(c), chunk.rowCount, numberSource[c], types.get(name)!);
      });
    }
    return { rowCount, columns: { numericColumns: numericChunks.map((chunks) => concatenatedFloat64(chunks, rowCount)), categoricalColumns: categorical } };
  } catch (error) {
    // As readColumnsWithDuckDb: a file DuckDB reads otherwise than the hand-written readers is theirs.
    return readByHandInstead(file, 'reading feature columns', error);
  } finally {
    connection.closeSync();
  }
}

/**
 * Null, so the caller reads `file` with the hand-written readers, after saying so: the
 * fallback keeps the user's scan or registration going, but a DuckDB error it hides would
 * otherwise show only as slower reads or estimated statistics.
 */
export function readByHandInstead(file: string, purpose: string, error: unknown): null {
  logger.child({ component: 'duckdb' }).warn({ file, purpose, error: error instanceof Error ? error.message : String(error) }, 'DuckDB refused the file; the hand-written readers read it instead');
  return null;
}

/**
 * One chunk of a numeric feature. A number column registered as one (the usual case) is
 * copied out of the chunk's DOUBLE vector in one loop, NaN, ±Infinity and nulls made NaN
 * as finiteOrNull does; anything else goes through the cell conversion readColumnsWithDuckDb
 * and featureColumnsOf apply.
 */
function numericValues(vector: DuckDBVector, rowCount: number, numberSource: boolean, type: ColumnSchema['type']): Float64Array {
  const values = new Float64Array(rowCount);
  const contents = numberSource && type === 'number' ? doubleVectorContents(vector, rowCount) : null;
  if (contents) {
    const { items, valid } = contents;
    for (let i = 0; i < rowCount; i += 1) {
      const value = items[i];
      // value - value is 0 exactly for finite numbers.
      values[i] = (valid === null || (valid[i >>> 3] & (1 << (i & 7))) !== 0) && value - value === 0 ? value : Number.NaN;
    }
    return values;
  }
  for (let i = 0; i < rowCount; i += 1) values[i] = numericValueOf(cellOf(vector.getItem(i), numberSource, type));
  return values;
}

/**
 * A DOUBLE vector's values and validity mask (bit i of byte i >> 3 set when row i has a
 * value; null when every row has one), as the vector holds them over DuckDB's memory, or
 * null when it holds them otherwise. @duckdb/node-api keeps both private and its getItem
 * tests validity with BigInt arithmetic per row, which costs four times the whole read;
 * DuckDB stores the mask as little-endian 64-bit words, as every platform Node runs on is.
 */
function doubleVectorContents(vector: DuckDBVector, rowCount: number): { items: Float64Array; valid: Uint8Array | null } | null {
  const { items, validity } = vector as unknown as { items?: unknown; validity?: { data?: unknown } };
  if (!(vector instanceof DuckDBDoubleVector) || !(items instanceof Float64Array) || items.length !== rowCount || !validity || !('data' in validity)) return null;
  const words = validity.data;
  if (words === null) return { items, valid: null };
  if (!(words instanceof BigUint64Array)) return null;
  return { items, valid: new Uint8Array(words.buffer, words.byteOffset, Math.ceil(rowCount / 8)) };
}

function appendCategories(target: (string | null)[], vector: DuckDBVector, rowCount: number, numberSource: boolean, type: ColumnSchema['type']): void {
  for (let i = 0; i < rowCount; i += 1) {
    const cell = cellOf(vector.getItem(i), numberSource, type);
    target.push(cell === null ? null : String(cell));
  }
}

/** The cell readColumnsWithDuckDb gives a value read from DuckDB. */
function cellOf(value: unknown, numberSource: boolean, type: ColumnSchema['type']): Cell {
  return convertCell(numberSource ? finiteOrNull(value) : (value as Cell), type);
}


/** RFC 4180 as csv-parse reads it: comma, double quotes, a header row naming the columns (unless `header` is false: then it is a row), every cell as text. */
export function csvSource(file: string, header = true): string {
  return `read_csv(${quoted(file)}, header = ${header}, delim = ',', quote = '"', escape = '"', all_varchar = true, normalize_names = false, strict_mode = true)`;
}

async function readsAsTheParquetReaderDoes(connection: DuckDBConnection, source: string, schema: ColumnSchema[]): Promise<boolean> {
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS() as { column_name: string; column_type: string }[];
  const types = new Map(described.map((row) => [row.column_name, row.column_type]));
  return schema.every((column) => {
    const type = types.get(column.name);
    return type === 'VARCHAR' || type === 'BOOLEAN' || (type !== undefined && NUMBER_TYPES.has(type));
  });
}

async function selectColumns(connection: DuckDBConnection, source: string, schema: ColumnSchema[], where: string): Promise<TypedTable> {
  const select = schema.map((column) => quotedName(column.name)).join(', ');
  const result = await connection.stream(`SELECT ${select || 'NULL'} FROM ${source} ${where}`);
  const types = result.columnTypes().map((type) => type.toString());
  const columns: Cell[][] = schema.map(() => []);
  let rowCount = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    rowCount += chunk.rowCount;
    schema.forEach((column, c) => {
      const cells = columns[c];
      const toNumber = NUMBER_TYPES.has(types[c]);
      for (const value of chunk.getColumnValues(c)) cells.push(convertCell(toNumber ? finiteOrNull(value) : (value as Cell), column.type));
    });
  }
  return { columnNames: schema.map((column) => column.name), columns, rowCount, schema };
}

/** As the Parquet reader has it: NaN and ±Infinity are missing values, 64-bit integers JavaScript numbers. */
function finiteOrNull(value: unknown): number | null {
  if (value === null) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

export function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function quotedName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
