// First: the in-process worker's DuckDB gets a small memory limit.
import { SMALL_DUCKDB_MEMORY_LIMIT } from './support/small-duckdb-memory';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnSchema } from '../domain/dataset';
import { stats } from '../ml/stats/simple-statistics';
import { PROFILE_QUANTILES } from '../ml/tabular/profile/column-profiler';
import { REPO_ROOT } from '../platform/config';
import { profileDatasetFiles } from '../storage/dataset-profile';
import { withDuckDbConnection } from '../storage/duckdb-columns';
import { profileWithDuckDb } from '../storage/duckdb-profile';
import { sklearnPython } from './support/python-sklearn';
import { SAMPLE_DATA, startHarness, type Harness } from './support/harness';

const FLIGHTS = path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');

const REGISTER = `
  mutation Register($input: RegisterDatasetInput!) {
    registerDataset(input: $input) {
      rowCount
      schema { name type nullCount distinctCount count min max mean std quantiles { p value } topCategories { value count } estimated }
    }
  }`;

function closeTo(actual: number | null | undefined, expected: number, what: string, tolerance = 1e-12): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≉ ${expected}`);
}

/** What numpy says of each column (examples/sklearn's venv: numpy 2.4), from values read here by hyparquet or by Python's csv module. */
const NUMPY_FIGURES = `
import csv, json, sys
from collections import Counter
import numpy as np
work, weather_csv, quantiles = sys.argv[1], sys.argv[2], [float(p) for p in sys.argv[3].split(',')]
def numbers(values):
    values = np.asarray(values, dtype=np.float64)
    return {'count': int(values.size), 'min': float(values.min()), 'max': float(values.max()), 'mean': float(values.mean()),
            'std': float(values.std()), 'distinct': int(np.unique(values).size),
            'quantiles': [float(q) for q in np.quantile(values, quantiles)]}
def categories(values):
    counts = Counter(values)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    return {'count': len(values), 'distinct': len(counts), 'top': [[value, count] for value, count in top]}
with open(weather_csv, newline='') as file:
    rows = list(csv.DictReader(file))
figures = {
    'flights.delay': numbers(np.fromfile(f'{work}/delay.f64', dtype=np.float64)),
    'flights.distance': numbers(np.fromfile(f'{work}/distance.f64', dtype=np.float64)),
    'flights.origin': categories(open(f'{work}/origin.txt').read().split('\\n')),
    'weather.weather': categories([row['weather'] for row in rows]),
}
for name in ['precipitation', 'temp_max', 'temp_min', 'wind']:
    figures[f'weather.{name}'] = numbers([float(row[name]) for row in rows])
print(json.dumps(figures))
`;

interface NumpyNumbers {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  distinct: number;
  quantiles: number[];
}

interface NumpyCategories {
  count: number;
  distinct: number;
  top: [string, number][];
}

describe('dataset profiles by DuckDB: exact past any limit, equal to numpy, in less memory than the data', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  test(`a Parquet file decoded to more than twice DuckDB's ${SMALL_DUCKDB_MEMORY_LIMIT} registers with every figure exact`, async () => {
    const rows = 4_000_000;
    const ids = 1_000_000;
    const file = path.join(harness.config.dataDir, 'larger-than-memory.parquet');
    const generator = await (await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })).connect();
    // x: a permutation of k / 4 for k < rows; id: each of 1,000,000 texts 4 times; g: i mod 1000, missing for multiples of 10.
    await generator.run(`COPY (SELECT ((i * 7919) % ${rows}) / 4.0 AS x, 'identifier-' || (i % ${ids}) AS id,
      CASE WHEN i % 10 = 0 THEN NULL ELSE i % 1000 END AS g, i % 3 = 0 AS flag FROM range(${rows}) t(i)) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
    generator.closeSync();
    // Decoded as DuckDB holds it: 8 bytes a double or an integer, 16 and its 13 to 17 characters a text, 1 a boolean.
    const decodedBytes = rows * (8 + 16 + 13 + 8 + 1);
    const [[limit]] = await withDuckDbConnection(async (connection) => (await connection.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRowsJS());
    const limitBytes = Number(String(limit).replace(' MiB', '')) * 2 ** 20;
    assert.ok(limitBytes <= 64 * 2 ** 20 && decodedBytes > 2.5 * limitBytes, `${decodedBytes} bytes decoded, DuckDB limited to ${limit}`);

    const response = await harness.gql(REGISTER, { input: { name: 'larger-than-memory', uri: file } });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const { rowCount, schema } = response.data!.registerDataset as { rowCount: number; schema: ColumnSchema[] };
    assert.equal(rowCount, rows);
    const [x, id, g, flag] = schema;
    const quantilesOf = (sorted: number[]) => PROFILE_QUANTILES.map((p) => ({ p, value: stats.quantileSorted(sorted, p) }));

    assert.deepEqual(
      { ...x, std: undefined },
      {
        name: 'x',
        type: 'number',
        nullCount: 0,
        distinctCount: rows,
        count: rows,
        min: 0,
        max: (rows - 1) / 4,
        mean: (rows - 1) / 8,
        std: undefined,
        quantiles: quantilesOf(Array.from({ length: rows }, (_, k) => k / 4)),
        estimated: [],
        topCategories: null,
      },
    );
    // Of 0, 1, …, n − 1: variance (n² − 1) / 12.
    closeTo(x.std, Math.sqrt((rows * rows - 1) / 12) / 4, 'x std');

    const smallestIds = Array.from({ length: ids }, (_, i) => `identifier-${i}`)
      .sort()
      .slice(0, 10);
    assert.deepEqual(id, {
      name: 'id',
      type: 'string',
      nullCount: 0,
      distinctCount: ids,
      count: rows,
      min: null,
      max: null,
      mean: null,
      std: null,
      quantiles: null,
      topCategories: smallestIds.map((value) => ({ value, count: rows / ids })),
      estimated: [],
    });

    // g: each of the 900 values of 1–999 not divisible by 10, 4,000 times.
    const values = Array.from({ length: 999 }, (_, v) => v + 1).filter((v) => v % 10 !== 0);
    const variance = values.reduce((sum, v) => sum + v * v, 0) / values.length - 500 ** 2;
    assert.deepEqual(
      { ...g, std: undefined },
      {
        name: 'g',
        type: 'number',
        nullCount: rows / 10,
        distinctCount: 900,
        count: rows - rows / 10,
        min: 1,
        max: 999,
        mean: 500,
        std: undefined,
        quantiles: quantilesOf(values.flatMap((v) => Array<number>(rows / 1000).fill(v))),
        estimated: [],
        topCategories: null,
      },
    );
    closeTo(g.std, Math.sqrt(variance), 'g std');
    assert.deepEqual(flag.topCategories, [
      { value: 'false', count: rows - Math.ceil(rows / 3) },
      { value: 'true', count: Math.ceil(rows / 3) },
    ]);
    assert.deepEqual([flag.type, flag.distinctCount, flag.estimated], ['boolean', 2, []]);
  });

  test('flights-3m.parquet (3,000,000 rows) and seattle-weather.csv: the profile is numpy’s, and exact', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'dataset-profiles-'));
    const { asyncBufferFromFile, parquetMetadataAsync, parquetScan } = await import('hyparquet');
    const { compressors } = await import('hyparquet-compressors');
    const file = await asyncBufferFromFile(FLIGHTS);
    const metadata = await parquetMetadataAsync(file);
    const scan = await parquetScan({ file, metadata, compressors, columns: ['delay', 'distance', 'origin'] });
    const delay: number[] = [];
    const distance: number[] = [];
    const origin: string[] = [];
    for (const { rowStart, rowEnd } of scan.ranges) {
      for (const value of await scan.readColumn({ column: 'delay', rowStart, rowEnd })) delay.push(Number(value));
      for (const value of await scan.readColumn({ column: 'distance', rowStart, rowEnd })) distance.push(Number(value));
      for (const value of await scan.readColumn({ column: 'origin', rowStart, rowEnd })) origin.push(value as string);
    }
    await writeFile(path.join(work, 'delay.f64'), new Uint8Array(Float64Array.from(delay).buffer));
    await writeFile(path.join(work, 'distance.f64'), new Uint8Array(Float64Array.from(distance).buffer));
    await writeFile(path.join(work, 'origin.txt'), origin.join('\n'));
    const weatherCsv = path.join(SAMPLE_DATA, 'seattle-weather.csv');
    const { stdout } = await promisify(execFile)(await sklearnPython(), ['-c', NUMPY_FIGURES, work, weatherCsv, PROFILE_QUANTILES.join(',')], { maxBuffer: 1 << 24 });
    const numpy = JSON.parse(stdout) as Record<string, NumpyNumbers & NumpyCategories>;

    // Read by DuckDB (but flights' timestamps, which the hand-written reader profiles).
    assert.ok(await profileWithDuckDb([FLIGHTS], 'parquet'), 'flights-3m.parquet profiled by DuckDB');
    assert.ok(await profileWithDuckDb([weatherCsv], 'csv'), 'seattle-weather.csv profiled by DuckDB');
    const flights = (await profileDatasetFiles([FLIGHTS], 'parquet')).profile;
    const weather = (await profileDatasetFiles([weatherCsv], 'csv')).profile;
    assert.equal(flights.rowCount, 3_000_000);
    const columnOf = (name: string) => {
      const [table, column] = name.split('.');
      return (table === 'flights' ? flights : weather).schema.find((c) => c.name === column)!;
    };
    for (const name of ['flights.delay', 'flights.distance', 'weather.precipitation', 'weather.temp_max', 'weather.temp_min', 'weather.wind']) {
      const column = columnOf(name);
      const expected = numpy[name];
      assert.deepEqual(
        [column.type, column.count, column.nullCount, column.min, column.max, column.distinctCount, column.estimated],
        ['number', expected.count, 0, expected.min, expected.max, expected.distinct, []],
        name,
      );
      closeTo(column.mean, expected.mean, `${name} mean`);
      closeTo(column.std, expected.std, `${name} std`);
      // numpy interpolates as b − (b − a)(1 − t) past the midpoint, simple-statistics as a + (b − a)t: the same up to rounding.
      column.quantiles!.forEach((quantile, q) => closeTo(quantile.value, expected.quantiles[q], `${name} p${quantile.p * 100}`, 1e-15));
    }
    for (const name of ['flights.origin', 'weather.weather']) {
      const column = columnOf(name);
      const expected = numpy[name];
      assert.deepEqual(
        [column.type, column.count, column.distinctCount, column.topCategories, column.estimated],
        ['string', expected.count, expected.distinct, expected.top.map(([value, count]) => ({ value, count })), []],
        name,
      );
    }
  });
});
