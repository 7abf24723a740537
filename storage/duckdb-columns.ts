import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSchema, DatasetFormat } from '../domain/dataset';
import { convertCell } from '../ml/tabular/cells';
import type { Cell, TypedTable } from '../ml/tabular/table';
import type { ArtifactStore } from './artifact-store';

/**
 * DuckDB's memory for one worker process: past it, DuckDB spills to TEMP_DIRECTORY instead
 * of failing, so a dataset larger than memory is still read (see docs/data-engine.md).
 */
export const DUCKDB_MEMORY_LIMIT = process.env.PROVENANT_DUCKDB_MEMORY_LIMIT || '1GB';
/** Per process: DuckDB names its spill files alike in every instance. */
const TEMP_DIRECTORY = path.join(os.tmpdir(), `provenant-duckdb-${process.pid}`);

/** DuckDB types whose values the hand-written readers give the same cells for (numbers, booleans, text). */
const NUMBER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE']);

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
  } catch {
    // The file was read by the hand-written readers when it was registered; one DuckDB
    // reads otherwise (a line past its 2 MB limit, a header it names differently) is
    // read by them again.
    return null;
  } finally {
    connection.closeSync();
  }
}

/** RFC 4180 as csv-parse reads it: comma, double quotes, a header row naming the columns, every cell as text. */
function csvSource(file: string): string {
  return `read_csv(${quoted(file)}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true, normalize_names = false, strict_mode = true)`;
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

function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function quotedName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
