import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mock, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { REPO_ROOT } from '../platform/config';
import { logger } from '../platform/logger';
import type { DatasetFormat } from '../domain/dataset';
import { profileTableFiles } from '../ml/tabular/parse-table';
import { readTable } from '../ml/tabular/parse-table';
import { typeTable } from '../ml/tabular/type-table';
import { featureColumnsOf } from '../activities/training-data';
import type { FeatureSpec } from '../ml/features/feature-spec';
import { readColumnsWithDuckDb, readFeatureColumnsWithDuckDb } from './duckdb-columns';

/** What readDatasetTable gives: the hand-written reader's cells typed by the profiled schema. */
async function handWritten(file: string, format: DatasetFormat) {
  const { schema } = (await profileTableFiles([file], format)).profile;
  return { schema, table: typeTable(await readTable(await readFile(file), format), schema) };
}

async function assertSameCells(file: string, format: DatasetFormat, names?: string[]): Promise<void> {
  const { schema, table } = await handWritten(file, format);
  const wanted = names ?? schema.map((column) => column.name);
  const read = await readColumnsWithDuckDb(file, format, schema, wanted);
  assert.ok(read, `${file} is read by DuckDB`);
  assert.deepEqual([...read.columnNames].sort(), [...wanted].sort(), "the columns asked for, in the file's order");
  assert.equal(read.rowCount, table.rowCount);
  for (const name of wanted) {
    assert.deepEqual(read.columns[read.columnNames.indexOf(name)], table.columns[table.columnNames.indexOf(name)], name);
    assert.deepEqual(read.schema[read.columnNames.indexOf(name)], table.schema[table.columnNames.indexOf(name)], name);
  }
}

/** readFeatureColumnsWithDuckDb gives exactly what featureColumnsOf gives from the hand-written reader's typed table. */
async function assertSameFeatureColumns(file: string, format: DatasetFormat, spec: FeatureSpec): Promise<void> {
  const { schema, table } = await handWritten(file, format);
  const read = await readFeatureColumnsWithDuckDb(file, format, schema, spec);
  assert.ok(read, `${file} is read by DuckDB`);
  assert.equal(read.rowCount, table.rowCount);
  const expected = featureColumnsOf(table, spec, Uint32Array.from({ length: table.rowCount }, (_, row) => row));
  spec.numeric.forEach((name, j) => {
    assert.ok(read.columns.numericColumns[j] instanceof Float64Array, name);
    // Object.is per value: NaN for NaN, and -0 kept apart from 0.
    assert.ok(
      read.columns.numericColumns[j].every((value, row) => Object.is(value, expected.numericColumns[j][row])),
      `numeric ${name}: ${read.columns.numericColumns[j].slice(0, 8)} vs ${expected.numericColumns[j].slice(0, 8)}`,
    );
  });
  spec.categorical.forEach((name, j) => assert.deepEqual(read.columns.categoricalColumns[j], expected.categoricalColumns[j], `categorical ${name}`));
}

test('Parquet and JSON are linked into the bindings: nothing is installed or downloaded', async () => {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll(`SELECT extension_name, install_mode FROM duckdb_extensions() WHERE extension_name IN ('parquet', 'json')`)).getRowObjectsJS();
  assert.deepEqual(
    rows.map((row) => [row.extension_name, row.install_mode]).sort(),
    [
      ['json', 'STATICALLY_LINKED'],
      ['parquet', 'STATICALLY_LINKED'],
    ],
  );
  connection.closeSync();
});

test('CSV: the same cells as csv-parse, quotes, embedded newlines, blanks, spaces and numeric text included', async () => {
  await assertSameCells(path.join(REPO_ROOT, 'sample-data', 'seattle-weather.csv'), 'csv');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'duckdb-columns-'));
  const tricky = path.join(dir, 'tricky.csv');
  await writeFile(tricky, 'a,b,n,flag,mixed\n"1,5",x, 2 ,TRUE,1\n"",  y  ,1e3,false,two\n3,"multi\nline",,True,\n\n,"say ""hi""",-0,,0x10\n');
  await assertSameCells(tricky, 'csv');
  await assertSameCells(tricky, 'csv', ['n', 'b']);
  const windows = path.join(dir, 'windows.csv');
  await writeFile(windows, '\uFEFFfirst name,"age, years"\r\nAda,36\r\n"Grace ",85\r\n');
  await assertSameCells(windows, 'csv');
  await assertSameFeatureColumns(tricky, 'csv', { numeric: ['n', 'a', 'flag', 'mixed'], categorical: ['b', 'n', 'mixed'] });
  await assertSameFeatureColumns(path.join(REPO_ROOT, 'sample-data', 'seattle-weather.csv'), 'csv', { numeric: ['temp_max', 'wind'], categorical: ['weather'] });
});

test('a file DuckDB refuses (a line past its 2 MB limit) is left to the hand-written reader, with a warning saying why', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'duckdb-columns-'));
  const long = path.join(dir, 'long.csv');
  await writeFile(long, `id,text\n1,${'x'.repeat(3 * 2 ** 20)}\n2,short\n`);
  const { schema } = await handWritten(long, 'csv');
  const warnings: { component: unknown; fields: Record<string, unknown>; message: string }[] = [];
  const child = mock.method(logger, 'child', (bindings: Record<string, unknown>) => ({
    warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ component: bindings.component, fields, message }),
  }));
  try {
    assert.equal(await readColumnsWithDuckDb(long, 'csv', schema, ['id', 'text']), null);
  } finally {
    child.mock.restore();
  }
  assert.equal(warnings.length, 1);
  assert.deepEqual([warnings[0].component, warnings[0].fields.file, warnings[0].fields.purpose], ['duckdb', long, 'reading columns']);
  assert.match(String(warnings[0].fields.error), /maximum line size|line/i);
  assert.match(warnings[0].message, /hand-written readers read it instead/);
});

test('Parquet compressed with ZSTD and with Snappy: numbers, booleans and text as hyparquet reads them; NaN and infinities missing', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'duckdb-columns-'));
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  const rows = `SELECT i::INTEGER AS small, (i * 1000003)::BIGINT AS big, CASE WHEN i % 7 = 0 THEN 'nan'::DOUBLE WHEN i % 11 = 0 THEN 'inf'::DOUBLE WHEN i % 13 = 0 THEN NULL ELSE i / 3 END AS ratio,
    (i / 7)::FLOAT AS single, i % 2 = 0 AS even, CASE WHEN i % 5 = 0 THEN NULL ELSE 'c' || (i % 9) END AS category FROM range(5000) t(i)`;
  for (const codec of ['zstd', 'snappy']) {
    const file = path.join(dir, `${codec}.parquet`);
    await connection.run(`COPY (${rows}) TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1024)`);
    const codecs = (await connection.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`)).getRowObjectsJS();
    assert.deepEqual(codecs, [{ compression: codec.toUpperCase() }]);
    await assertSameCells(file, 'parquet');
    await assertSameCells(file, 'parquet', ['category', 'ratio']);
    // Numbers straight from the column chunks, nulls, NaN and infinities missing; each column also
    // read as the other kind (a declared kind), text as numbers (all missing), booleans as 0/1.
    await assertSameFeatureColumns(file, 'parquet', { numeric: ['small', 'big', 'ratio', 'single', 'even', 'category'], categorical: ['category', 'ratio', 'big', 'even'] });
  }
  connection.closeSync();
});

test('left to the hand-written readers: JSON lines, and Parquet dates and timestamps (their text is the reader’s own)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'duckdb-columns-'));
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  const file = path.join(dir, 'dates.parquet');
  await connection.run(`COPY (SELECT TIMESTAMP '2001-01-01 10:00:00' + INTERVAL (i) HOUR AS at, i AS n FROM range(10) t(i)) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  const { schema } = await handWritten(file, 'parquet');
  assert.equal(await readColumnsWithDuckDb(file, 'parquet', schema, ['at', 'n']), null);
  assert.equal(await readFeatureColumnsWithDuckDb(file, 'parquet', schema, { numeric: ['n'], categorical: ['at'] }), null);
  assert.equal(await readFeatureColumnsWithDuckDb(file, 'parquet', schema, { numeric: ['n', 'absent'], categorical: [] }), null, 'a column the schema lacks');
  await assertSameCells(file, 'parquet', ['n']);
  const jsonl = path.join(REPO_ROOT, 'sample-data', 'penguins.jsonl');
  assert.equal(await readColumnsWithDuckDb(jsonl, 'jsonl', (await handWritten(jsonl, 'jsonl')).schema, ['bill_length_mm']), null);
  assert.equal(await readFeatureColumnsWithDuckDb(jsonl, 'jsonl', (await handWritten(jsonl, 'jsonl')).schema, { numeric: ['bill_length_mm'], categorical: [] }), null);
});

test('flights (a tenth of January 2001): 16-bit integers and airport codes read as drift and the model read them', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'duckdb-columns-'));
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  const file = path.join(dir, 'january.parquet');
  const flights = path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
  await connection.run(`COPY (SELECT delay, distance, origin FROM read_parquet('${flights}') WHERE month(date) = 1 AND hash(date, origin, destination, delay) % 10 = 0) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
  connection.closeSync();
  await assertSameFeatureColumns(file, 'parquet', { numeric: ['delay', 'distance'], categorical: ['origin', 'distance'] });
});
