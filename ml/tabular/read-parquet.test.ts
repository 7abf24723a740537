import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../stats/simple-statistics';
import { parquetBytesSlices } from './read-parquet';
import { TableProfiler } from './profile/table-profiler';
import { readTable } from './parse-table';
import type { TableSlice } from './table';

type ColumnSource = { name: string; data: unknown[]; type?: string; nullable?: boolean };

async function parquet(columnData: ColumnSource[], options: { rowGroupSize?: number; schema?: unknown[] } = {}): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  return new Uint8Array(parquetWriteBuffer({ columnData, ...options } as Parameters<typeof parquetWriteBuffer>[0]));
}

async function slicesOf(bytes: Uint8Array): Promise<TableSlice[]> {
  const slices: TableSlice[] = [];
  for await (const slice of parquetBytesSlices(bytes)) slices.push(slice);
  return slices;
}

const ROWS = 250;
const beak = Array.from({ length: ROWS }, (_, i) => (i % 10 === 0 ? null : 30 + (i % 17) * 0.5));
const awkward = () =>
  parquet(
    [
      { name: 'Beak Length (mm)', data: beak, type: 'DOUBLE' },
      { name: 'count', data: Array.from({ length: ROWS }, (_, i) => BigInt(i)), type: 'INT64' },
      { name: 'ok?', data: Array.from({ length: ROWS }, (_, i) => i % 3 === 0), type: 'BOOLEAN', nullable: false },
      { name: 'île (名前)', data: Array.from({ length: ROWS }, (_, i) => ['Biscoe', 'Dream', null][i % 3]), type: 'STRING' },
      { name: 'seen at', data: Array.from({ length: ROWS }, (_, i) => new Date(Date.UTC(2024, 0, 1, 0, i))), type: 'TIMESTAMP' },
    ],
    { rowGroupSize: 100 },
  );

test('reads column by column, one row group at a time, with declared types', async () => {
  const slices = await slicesOf(await awkward());
  assert.equal(slices.length, 3 * 5, 'one slice per column per row group');
  for (const slice of slices) {
    assert.equal(slice.columnNames.length, 1);
    assert.ok(slice.rowCount <= 100 && slice.columns[0].length === slice.rowCount);
  }
  assert.deepEqual(
    slices.slice(0, 5).map((slice) => [slice.columnNames[0], slice.columnTypes![0]]),
    [['Beak Length (mm)', 'number'], ['count', 'number'], ['ok?', 'boolean'], ['île (名前)', 'string'], ['seen at', 'string']],
  );
});

test('cells: numbers (int64 too), booleans, unicode text, nulls, timestamps as ISO text', async () => {
  const table = await readTable(await awkward(), 'parquet');
  assert.equal(table.rowCount, ROWS);
  assert.deepEqual(table.columnNames, ['Beak Length (mm)', 'count', 'ok?', 'île (名前)', 'seen at']);
  assert.deepEqual(table.columns.map((column) => column.slice(0, 3)), [
    [null, 30.5, 31],
    [0, 1, 2],
    [true, false, false],
    ['Biscoe', 'Dream', null],
    ['2024-01-01T00:00:00.000Z', '2024-01-01T00:01:00.000Z', '2024-01-01T00:02:00.000Z'],
  ]);
});

test('profile of a Parquet file matches simple-statistics on its values', async () => {
  const profiler = new TableProfiler();
  for (const slice of await slicesOf(await awkward())) profiler.add(slice);
  const { rowCount, schema } = profiler.finish();
  assert.equal(rowCount, ROWS);
  const present = beak.filter((value): value is number => value !== null);
  const [beakColumn, , okColumn, islandColumn] = schema;
  assert.equal(beakColumn.nullCount, 25);
  assert.ok(Math.abs(beakColumn.mean! - stats.mean(present)) < 1e-12);
  assert.ok(Math.abs(beakColumn.std! - stats.standardDeviation(present)) < 1e-12);
  assert.equal(beakColumn.quantiles![2].value, stats.median(present));
  assert.deepEqual(okColumn.topCategories, [{ value: 'false', count: 166 }, { value: 'true', count: 84 }]);
  assert.deepEqual(islandColumn.topCategories, [{ value: 'Biscoe', count: 84 }, { value: 'Dream', count: 83 }]);
});

test('NaN in a float column is a missing value', async () => {
  const table = await readTable(await parquet([{ name: 'x', data: [1.5, Number.NaN, 2], type: 'DOUBLE', nullable: false }]), 'parquet');
  assert.deepEqual(table.columns, [[1.5, null, 2]]);
});

test('broken or unsupported files are named problems', async () => {
  const good = await awkward();
  await assert.rejects(readTable(new Uint8Array(1000).fill(7), 'parquet'), /malformed Parquet: .*PAR1/);
  await assert.rejects(readTable(good.subarray(0, good.byteLength - 100), 'parquet'), /malformed Parquet/);
  await assert.rejects(readTable(new Uint8Array(3), 'parquet'), /malformed Parquet/);
  const nested = await parquet([{ name: 'tags', data: [['a'], ['b', 'c']] }], {
    schema: [
      { name: 'root', num_children: 1 },
      { name: 'tags', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    ],
  });
  await assert.rejects(readTable(nested, 'parquet'), /column "tags" is nested/);
  const empty = await parquet([{ name: 'x', data: [], type: 'DOUBLE' }]);
  await assert.rejects(readTable(empty, 'parquet'), /no data rows/);
});
