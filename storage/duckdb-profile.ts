import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSchema, ColumnType, DatasetFormat, Quantile } from '../domain/dataset';
import { toBoolean, toNumber } from '../ml/tabular/cells';
import { checkColumnNames } from '../ml/tabular/column-names';
import { PROFILE_QUANTILES, TOP_CATEGORY_COUNT } from '../ml/tabular/profile/column-profiler';
import { stats } from '../ml/stats/simple-statistics';
import { NUMBER_TYPES, TEMP_DIRECTORY, csvSource, quoted, quotedName, readByHandInstead, withDuckDbConnection } from './duckdb-columns';

/** What DuckDB profiled of a dataset's files; see profileWithDuckDb. */
export interface DuckDbProfile {
  rowCount: number;
  /** Rows of each file, in the order given. */
  fileRowCounts: number[];
  /** Every column, in the file's order. */
  columnNames: string[];
  /** Each column's profile, in that order; null for a column left to the hand-written reader. */
  schema: (ColumnSchema | null)[];
}

/** A column DuckDB profiles: its type, and an SQL expression of its values with exactly the hand-written reader's cells (NULL when missing). */
interface ProfiledColumn {
  name: string;
  type: ColumnType;
  value: string;
}

/**
 * Row count and column profiles of CSV or Parquet files (a set of Parquet files counts as
 * their rows together), computed by DuckDB with its statistics exact: counts, min, max,
 * distinct counts, the most frequent values and the quantiles are computed over every
 * value, out of core (DuckDB sorts and groups within its memory limit and spills past it),
 * so no statistic is an estimate however large the file. Mean and standard deviation are
 * exact up to floating-point rounding.
 *
 * The cells, and the types they settle on, are the hand-written readers' (see
 * docs/data-engine.md): a CSV column's type is chosen by the same JavaScript conversions
 * over every distinct text, and its numbers are DuckDB's only after each distinct text is
 * checked to convert to the same number. Null when DuckDB's cells could differ or it
 * refuses the file (JSON lines; a CSV whose header DuckDB names otherwise; a number
 * DuckDB converts otherwise; a file with no data rows): the caller profiles it with the
 * hand-written readers, which also give the user their errors. Parquet columns of other
 * types than numbers, booleans and text are left to them too (null in `schema`), as is a
 * column whose statistics do not fit in DuckDB's memory even split (inValuePartitions).
 */
export async function profileWithDuckDb(files: readonly string[], format: DatasetFormat): Promise<DuckDbProfile | null> {
  if (format === 'jsonl' || files.length === 0 || (format === 'csv' && files.length > 1)) return null;
  try {
    return await withDuckDbConnection((connection) => (format === 'csv' ? profileCsv(connection, files[0]) : profileParquet(connection, files)));
  } catch (error) {
    return readByHandInstead(files.join(', '), 'profiling', error);
  }
}

/** A Parquet file's column names as DuckDB reads them; null when it refuses the file. */
export async function parquetColumnNames(file: string): Promise<string[] | null> {
  try {
    return await withDuckDbConnection(async (connection) => (await describe(connection, `read_parquet(${quoted(file)})`)).map(([name]) => name));
  } catch (error) {
    return readByHandInstead(file, 'naming columns', error);
  }
}

async function profileParquet(connection: DuckDBConnection, files: readonly string[]): Promise<DuckDbProfile | null> {
  const source = `read_parquet([${files.map(quoted).join(', ')}])`;
  const described = await describe(connection, source);
  if (!hasUsableNames(described.map(([name]) => name))) return null;
  const columns = described.map(([name, type]) => parquetColumn(name, type));
  return profileColumns(connection, source, files.map((file) => `read_parquet(${quoted(file)})`), described.map(([name]) => name), columns);
}

/** As the Parquet reader types it: numbers (NaN and ±Infinity missing), booleans, text; anything else is left to it. */
function parquetColumn(name: string, type: string): ProfiledColumn | null {
  const column = quotedName(name);
  if (NUMBER_TYPES.has(type)) return { name, type: 'number', value: `CASE WHEN isfinite(${column}::DOUBLE) THEN ${column}::DOUBLE END` };
  if (type === 'BOOLEAN') return { name, type: 'boolean', value: column };
  if (type === 'VARCHAR') return { name, type: 'string', value: column };
  return null;
}

/**
 * A CSV file, parsed once into a temporary Parquet file of text columns (DuckDB then reads
 * one column at a time), each column typed as csv-parse's cells would be.
 */
async function profileCsv(connection: DuckDBConnection, file: string): Promise<DuckDbProfile | null> {
  const source = csvSource(file);
  const names = (await describe(connection, source)).map(([name]) => name);
  if (!hasUsableNames(names) || !sameNames(await headerRow(connection, file), names)) return null;
  const copy = path.join(TEMP_DIRECTORY, `${randomUUID()}.parquet`);
  try {
    await connection.run(`COPY (SELECT * FROM ${source}) TO ${quoted(copy)} (FORMAT parquet, COMPRESSION zstd)`);
    const text = `read_parquet(${quoted(copy)})`;
    const columns: ProfiledColumn[] = [];
    for (const name of names) {
      const column = await textColumn(connection, text, name);
      if (!column) return null;
      columns.push(column);
    }
    return await profileColumns(connection, text, [text], names, columns);
  } finally {
    await rm(copy, { force: true });
  }
}

/** The header as written: DuckDB renames a blank or repeated name, which the hand-written reader refuses instead. */
async function headerRow(connection: DuckDBConnection, file: string): Promise<unknown[]> {
  const [row] = (await connection.runAndReadAll(`SELECT * FROM ${csvSource(file, false)} LIMIT 1`)).getRowsJS();
  return row ?? [];
}

/**
 * A text column typed as ColumnProfiler types it, by toNumber and toBoolean themselves over
 * each distinct text: number when every text is a finite number, else boolean when every
 * text is true/false in any case (around white space), else string (also with no text at
 * all). A number column is read as DuckDB's DOUBLE only when every distinct text converts
 * to the same number in both; null otherwise.
 */
async function textColumn(connection: DuckDBConnection, source: string, name: string): Promise<ProfiledColumn | null> {
  const column = quotedName(name);
  const result = await connection.stream(`SELECT DISTINCT ${column}, TRY_CAST(${column} AS DOUBLE) FROM ${source} WHERE ${column} IS NOT NULL`);
  let present = false;
  let numbers = true;
  let booleans = true;
  let convertsAlike = true;
  reading: for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const texts = chunk.getColumnValues(0) as string[];
    const doubles = chunk.getColumnValues(1) as (number | null)[];
    for (let i = 0; i < texts.length; i += 1) {
      present = true;
      const number = numbers ? toNumber(texts[i]) : null;
      if (number === null) numbers = false;
      // -0 and 0 are one value to both (and in the stored profile's JSON).
      else if (number !== doubles[i]) convertsAlike = false;
      if (booleans && toBoolean(texts[i]) === null) booleans = false;
      if (!numbers && !booleans) break reading;
    }
  }
  if (present && numbers) return convertsAlike ? { name, type: 'number', value: `TRY_CAST(${column} AS DOUBLE)` } : null;
  // Every text is white space around true or false, in any case: only "true" holds a t.
  if (present && booleans) return { name, type: 'boolean', value: `CASE WHEN ${column} IS NOT NULL THEN contains(lower(${column}), 't') END` };
  return { name, type: 'string', value: column };
}

async function profileColumns(
  connection: DuckDBConnection,
  source: string,
  fileSources: string[],
  names: string[],
  columns: (ProfiledColumn | null)[],
): Promise<DuckDbProfile | null> {
  const profiled = columns.filter((column): column is ProfiledColumn => column !== null);
  const aggregates = profiled.flatMap(({ type, value }) =>
    type === 'number' ? [`count(${value})`, `min(${value})`, `max(${value})`, `favg(${value})`, `stddev_pop(${value})`] : [`count(${value})`],
  );
  const [totals] = (await connection.runAndReadAll(`SELECT ${['count(*)', ...aggregates].join(', ')} FROM ${source}`)).getRowsJS();
  const rowCount = Number(totals[0]);
  // The hand-written reader names the problem of a file without rows.
  if (rowCount === 0) return null;
  let position = 1;
  const next = () => totals[position++];
  const byName = new Map<string, ColumnSchema>();
  for (const column of profiled) {
    const count = Number(next());
    const moments = column.type === 'number' ? ([next(), next(), next(), next()] as (number | null)[]) : [];
    try {
      byName.set(column.name, await columnProfile(connection, source, column, rowCount, count, moments));
    } catch (error) {
      // Left to the hand-written reader, which estimates what it cannot hold.
      if (!isOutOfMemory(error)) throw error;
    }
  }
  const fileRowCounts: number[] = [];
  for (const file of fileSources) fileRowCounts.push(Number((await connection.runAndReadAll(`SELECT count(*) FROM ${file}`)).getRowsJS()[0][0]));
  return { rowCount, fileRowCounts, columnNames: names, schema: names.map((name) => byName.get(name) ?? null) };
}

async function columnProfile(
  connection: DuckDBConnection,
  source: string,
  column: ProfiledColumn,
  rowCount: number,
  count: number,
  [min, max, mean, std]: (number | null)[],
): Promise<ColumnSchema> {
  const counted = { name: column.name, type: column.type, nullCount: rowCount - count, distinctCount: await distinctCount(connection, source, column.value), count };
  if (column.type !== 'number') return { ...counted, topCategories: await topCategories(connection, source, column.value), estimated: [] };
  if (count === 0) return { ...counted, estimated: [] };
  const quantiles = await quantilesOf(connection, source, column.value, count);
  return { ...counted, min: min!, max: max!, mean: mean!, std: std ?? 0, quantiles, estimated: [] };
}

/** Distinct values counted exactly: SELECT DISTINCT spills past DuckDB's memory limit (a distinct count aggregate would not). */
async function distinctCount(connection: DuckDBConnection, source: string, value: string): Promise<number> {
  const counts = await inValuePartitions(value, async (partition) => {
    const [[distinct]] = (await connection.runAndReadAll(`SELECT count(*) FROM (SELECT DISTINCT ${value} FROM ${source} WHERE ${value} IS NOT NULL AND ${partition})`)).getRowsJS();
    return Number(distinct);
  });
  return counts.reduce((sum, distinct) => sum + distinct, 0);
}

/** The most frequent values as text, most frequent first, ties by value (code-point order): each partition's first, then the first of those. */
async function topCategories(connection: DuckDBConnection, source: string, value: string): Promise<{ value: string; count: number }[]> {
  const tops = await inValuePartitions(value, async (partition) =>
    (
      await connection.runAndReadAll(
        `SELECT ${value} AS value, count(*) AS occurrences FROM ${source} WHERE ${value} IS NOT NULL AND ${partition} GROUP BY 1 ORDER BY occurrences DESC, value LIMIT ${TOP_CATEGORY_COUNT}`,
      )
    )
      .getRowsJS()
      .map(([category, occurrences]) => ({ category: category as string | boolean, count: Number(occurrences) })),
  );
  return tops
    .flat()
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))
    .slice(0, TOP_CATEGORY_COUNT)
    .map(({ category, count }) => ({ value: String(category), count }));
}

/** Past this many partitions a column's groups still not fitting in DuckDB's memory are left to the hand-written reader. */
const MAX_VALUE_PARTITIONS = 256;

/**
 * `query` over the column's values split by hash into 1, then 4, 16, … disjoint partitions,
 * while DuckDB runs out of memory grouping them: its hash aggregate of many long texts does
 * not always spill, and a partition's groups are a fraction of the column's. `query` gets
 * the SQL condition naming its partition.
 */
async function inValuePartitions<T>(value: string, query: (partition: string) => Promise<T>): Promise<T[]> {
  for (let partitions = 1; ; partitions *= 4) {
    try {
      const results: T[] = [];
      for (let p = 0; p < partitions; p += 1) results.push(await query(partitions === 1 ? 'true' : `hash(${value}) % ${partitions} = ${p}`));
      return results;
    } catch (error) {
      if (partitions >= MAX_VALUE_PARTITIONS || !isOutOfMemory(error)) throw error;
    }
  }
}

function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Out of Memory Error');
}

/**
 * PROFILE_QUANTILES over every value, exactly as simple-statistics' quantileSorted has them
 * (linear interpolation between order statistics, numpy's default): DuckDB sorts the column
 * (out of core) and returns only the order statistics that formula reads.
 */
async function quantilesOf(connection: DuckDBConnection, source: string, value: string, count: number): Promise<Quantile[]> {
  const ranks = new Set(PROFILE_QUANTILES.flatMap((p) => [Math.floor((count - 1) * p), Math.ceil((count - 1) * p)]));
  const rows = (
    await connection.runAndReadAll(
      `SELECT rank, value FROM (SELECT ${value} AS value, row_number() OVER (ORDER BY ${value}) - 1 AS rank FROM ${source} WHERE ${value} IS NOT NULL) WHERE rank IN (${[...ranks].join(', ')})`,
    )
  ).getRowsJS();
  // quantileSorted reads only `length` and the ranks it interpolates between.
  const sorted: number[] = [];
  sorted.length = count;
  for (const [rank, orderStatistic] of rows) sorted[Number(rank)] = orderStatistic as number;
  return PROFILE_QUANTILES.map((p) => ({ p, value: stats.quantileSorted(sorted, p) }));
}

async function describe(connection: DuckDBConnection, source: string): Promise<[string, string][]> {
  const rows = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS() as { column_name: string; column_type: string }[];
  return rows.map((row) => [row.column_name, row.column_type]);
}

function hasUsableNames(names: string[]): boolean {
  try {
    checkColumnNames(names);
    return names.length > 0;
  } catch {
    return false;
  }
}

function sameNames(header: unknown[], names: string[]): boolean {
  return header.length === names.length && header.every((name, c) => name === names[c]);
}
