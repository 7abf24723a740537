import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnSchema, DatasetFormat } from '../domain/dataset';
import { REPO_ROOT } from '../platform/config';
import { stats } from '../ml/stats/simple-statistics';
import { profileTableFiles } from '../ml/tabular/parse-table';
import { EXACT_DISTINCT_LIMIT, PROFILE_QUANTILES } from '../ml/tabular/profile/column-profiler';
import type { TableProfile } from '../ml/tabular/profile/table-profiler';
import { profileDatasetFiles } from './dataset-profile';
import { profileWithDuckDb } from './duckdb-profile';

/** As stored (JSON): -0 is 0. */
const stored = (profile: TableProfile): TableProfile => JSON.parse(JSON.stringify(profile));

function closeTo(actual: number | undefined, expected: number | undefined, what: string): void {
  if (actual === undefined || expected === undefined) assert.equal(actual, expected, what);
  else assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≉ ${expected}`);
}

/** Equal field for field, mean and std up to floating-point rounding (the only statistics the two compute in different orders). */
function assertSameProfile(actual: TableProfile, expected: TableProfile, what: string): void {
  assert.equal(actual.rowCount, expected.rowCount, `${what}: rows`);
  assert.deepEqual(
    actual.schema.map((column) => column.name),
    expected.schema.map((column) => column.name),
    `${what}: columns`,
  );
  actual.schema.forEach((column, c) => {
    const { mean, std, ...rest } = column;
    const { mean: expectedMean, std: expectedStd, ...expectedRest } = expected.schema[c];
    assert.deepEqual(rest, expectedRest, `${what}: ${column.name}`);
    closeTo(mean, expectedMean, `${what}: ${column.name} mean`);
    closeTo(std, expectedStd, `${what}: ${column.name} std`);
  });
}

/** DuckDB's profile of `file` is the hand-written readers' (ml/tabular/profile) profile of it. */
async function assertProfiledAlike(file: string, format: DatasetFormat): Promise<TableProfile> {
  assert.ok(await profileWithDuckDb([file], format), `${file} is profiled by DuckDB`);
  const { profile, fileRowCounts } = await profileDatasetFiles([file], format);
  const handWritten = (await profileTableFiles([file], format)).profile;
  assertSameProfile(stored(profile), stored(handWritten), path.basename(file));
  assert.deepEqual(fileRowCounts, [handWritten.rowCount]);
  return profile;
}

async function scratch(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'duckdb-profile-'));
}

async function duckdb() {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  return instance.connect();
}

test('CSV: the hand-written profile, types included, on quoted commas, embedded newlines, a BOM, CRLF and spaced headers', async () => {
  const weather = await assertProfiledAlike(path.join(REPO_ROOT, 'sample-data', 'seattle-weather.csv'), 'csv');
  assert.deepEqual(
    weather.schema.map((column) => [column.name, column.type]),
    [['date', 'string'], ['precipitation', 'number'], ['temp_max', 'number'], ['temp_min', 'number'], ['wind', 'number'], ['weather', 'string']],
  );
  const dir = await scratch();
  const tricky = path.join(dir, 'tricky.csv');
  await writeFile(tricky, 'a,b,n,flag,mixed\n"1,5",x, 2 ,TRUE,1\n"",  y  ,1e3,false,two\n3,"multi\nline",,True,\n\n,"say ""hi""",-0,,0x10\n');
  const trickyProfile = await assertProfiledAlike(tricky, 'csv');
  assert.deepEqual(
    trickyProfile.schema.map((column) => column.type),
    ['string', 'string', 'number', 'boolean', 'string'],
  );
  const windows = path.join(dir, 'windows.csv');
  await writeFile(windows, '\uFEFFfirst name,"age, years"\r\nAda,36\r\n"Grace ",85\r\n');
  assert.deepEqual((await assertProfiledAlike(windows, 'csv')).schema.map((column) => column.name), ['first name', 'age, years']);
  const booleans = path.join(dir, 'booleans.csv');
  await writeFile(booleans, 'ok,empty,ints\n" TRUE",,1\nfalse\t,,1.0\nFalse,,-2\n,,3\n');
  assert.deepEqual(
    (await assertProfiledAlike(booleans, 'csv')).schema.map((column) => [column.type, column.distinctCount, column.topCategories]),
    [
      ['boolean', 2, [{ value: 'false', count: 2 }, { value: 'true', count: 1 }]],
      ['string', 0, []],
      ['number', 3, undefined],
    ],
  );
});

test('a number DuckDB converts otherwise than JavaScript (hex) leaves the file to the hand-written reader, with the same profile', async () => {
  const file = path.join(await scratch(), 'hex.csv');
  await writeFile(file, 'n,m\n0x10,1\n2,1_000\n');
  assert.equal(await profileWithDuckDb([file], 'csv'), null);
  const { profile } = await profileDatasetFiles([file], 'csv');
  assert.deepEqual(profile, (await profileTableFiles([file], 'csv')).profile);
  assert.deepEqual(
    profile.schema.map((column) => column.type),
    ['number', 'string'],
  );
});

test('Parquet, ZSTD and Snappy: integers, doubles with NaN and infinities, floats, booleans and text with nulls', async () => {
  const dir = await scratch();
  const connection = await duckdb();
  const rows = `SELECT i::INTEGER AS small, (i * 1000003)::BIGINT AS big, CASE WHEN i % 7 = 0 THEN 'nan'::DOUBLE WHEN i % 11 = 0 THEN 'inf'::DOUBLE WHEN i % 13 = 0 THEN NULL ELSE i / 3 END AS ratio,
    (i / 7)::FLOAT AS single, i % 2 = 0 AS even, CASE WHEN i % 5 = 0 THEN NULL ELSE 'c' || (i % 9) END AS category, NULL::DOUBLE AS nothing FROM range(5000) t(i)`;
  for (const codec of ['zstd', 'snappy']) {
    const file = path.join(dir, `${codec}.parquet`);
    await connection.run(`COPY (${rows}) TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1024)`);
    const profile = await assertProfiledAlike(file, 'parquet');
    const ratio = profile.schema.find((column) => column.name === 'ratio')!;
    // Multiples of 7 (NaN), 11 (infinite) or 13 (null) are missing: 715 + 455 + 385 − 65 − 55 − 35 + 5 rows.
    assert.equal(ratio.nullCount, 1405);
  }
  connection.closeSync();
});

test('Parquet timestamps are profiled by the hand-written reader, the other columns by DuckDB', async () => {
  const file = path.join(await scratch(), 'dates.parquet');
  const connection = await duckdb();
  await connection.run(`COPY (SELECT TIMESTAMP '2001-01-01 10:00:00' + INTERVAL (i) HOUR AS at, i AS n FROM range(100) t(i)) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  const byDuckDb = await profileWithDuckDb([file], 'parquet');
  assert.deepEqual(byDuckDb?.schema.map((column) => column?.name ?? null), [null, 'n']);
  const profile = await assertProfiledAlike(file, 'parquet');
  assert.deepEqual(profile.schema[0].topCategories?.[0], { value: '2001-01-01T10:00:00.000Z', count: 1 });
});

test('JSON lines stay with the hand-written reader', async () => {
  for (const name of ['cars.jsonl', 'penguins.jsonl']) {
    const file = path.join(REPO_ROOT, 'sample-data', name);
    assert.equal(await profileWithDuckDb([file], 'jsonl'), null);
    assert.deepEqual((await profileDatasetFiles([file], 'jsonl')).profile, (await profileTableFiles([file], 'jsonl')).profile);
  }
});

test('a set of Parquet files: the profile of their rows in one file, and each file’s rows', async () => {
  const dir = await scratch();
  const connection = await duckdb();
  const rows = (from: number, to: number) => `SELECT i % 17 AS bucket, 'k' || (i % 5) AS key, i * 0.5 AS half FROM range(${from}, ${to}) t(i)`;
  const parts = [
    [0, 700],
    [700, 1500],
    [1500, 1600],
  ].map(([from, to], p) => ({ file: path.join(dir, `part-${p}.parquet`), sql: rows(from, to) }));
  for (const { file, sql } of parts) await connection.run(`COPY (${sql}) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
  const whole = path.join(dir, 'whole.parquet');
  await connection.run(`COPY (${rows(0, 1600)}) TO '${whole}' (FORMAT parquet)`);
  connection.closeSync();
  const { profile, fileRowCounts } = await profileDatasetFiles(
    parts.map((part) => part.file),
    'parquet',
  );
  assert.deepEqual(fileRowCounts, [700, 800, 100]);
  assertSameProfile(stored(profile), stored((await profileTableFiles([whole], 'parquet')).profile), 'set of files');
});

test('past the hand-written profile’s exact limits every statistic stays exact', async () => {
  const file = path.join(await scratch(), 'wide.parquet');
  const connection = await duckdb();
  const n = 60_000;
  await connection.run(`COPY (SELECT ((i * 7919) % ${n}) / 4.0 AS x, 'id-' || (i % 30000) AS id FROM range(${n}) t(i)) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  const values = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % n) / 4).sort();
  const { profile } = await profileDatasetFiles([file], 'parquet');
  const [x, id] = profile.schema as [ColumnSchema, ColumnSchema];
  assert.ok(n > 3 * EXACT_DISTINCT_LIMIT);
  assert.deepEqual(x.estimated, []);
  assert.equal(x.distinctCount, n);
  assert.deepEqual(
    x.quantiles,
    PROFILE_QUANTILES.map((p) => ({ p, value: stats.quantileSorted(Array.from(values), p) })),
  );
  assert.equal(x.min, 0);
  assert.equal(x.max, (n - 1) / 4);
  assert.deepEqual(id.estimated, []);
  assert.equal(id.distinctCount, 30_000);
  const smallest = Array.from({ length: 30_000 }, (_, i) => `id-${i}`)
    .sort()
    .slice(0, 10);
  assert.deepEqual(
    id.topCategories,
    smallest.map((value) => ({ value, count: 2 })),
  );
  // The hand-written profile of the same file estimates them.
  const handWritten = (await profileTableFiles([file], 'parquet')).profile;
  assert.deepEqual(
    handWritten.schema.map((column) => column.estimated),
    [['distinctCount', 'quantiles'], ['distinctCount', 'topCategories']],
  );
});

test('files the readers refuse are refused with the hand-written readers’ errors', async () => {
  const dir = await scratch();
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['twice.csv', 'a,a\n1,2\n', /names column "a" twice/],
    ['blank.csv', 'a, \n1,2\n', /header column 2 has no name/],
    ['header-only.csv', 'a,b\n', /no data rows/],
    ['ragged.csv', 'a,b\n1,2\n3\n', /malformed CSV at line 3/],
    ['empty.csv', '', /file is empty/],
    ['latin1.csv', new Uint8Array([0x61, 0x0a, 0xff, 0x0a]), /not valid UTF-8/],
    ['random.parquet', new Uint8Array(4096).fill(42), /malformed Parquet/],
  ];
  for (const [name, content, error] of cases) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    await assert.rejects(profileDatasetFiles([file], name.endsWith('.csv') ? 'csv' : 'parquet'), error, name);
  }
});
