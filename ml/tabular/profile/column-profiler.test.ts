import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../../stats/simple-statistics';
import type { Cell } from '../table';
import { ColumnProfiler, EXACT_DISTINCT_LIMIT, PROFILE_QUANTILES, QUANTILE_SAMPLE_SIZE } from './column-profiler';

function profile(cells: Cell[], declaredType?: 'number' | 'string' | 'boolean', chunkSize = cells.length) {
  const profiler = new ColumnProfiler(declaredType);
  for (let start = 0; start < cells.length; start += chunkSize) profiler.add(cells.slice(start, start + chunkSize));
  return profiler.finish('Beak Length (mm)');
}

test('a number column: counts, simple-statistics moments and quantiles, all exact', () => {
  const values = [39.1, 39.5, 40.3, 36.7, 39.3, 38.9, 39.2, 34.1, 42, 37.8];
  const column = profile([...values.map(String), null, '39.1', null], undefined, 4);
  const all = [...values, 39.1];
  assert.deepEqual(column, {
    name: 'Beak Length (mm)',
    type: 'number',
    nullCount: 2,
    distinctCount: 10,
    count: 11,
    min: 34.1,
    max: 42,
    mean: column.mean,
    std: column.std,
    quantiles: PROFILE_QUANTILES.map((p) => ({ p, value: stats.quantile(all, p) })),
    estimated: [],
  });
  assert.ok(Math.abs(column.mean! - stats.mean(all)) < 1e-12);
  assert.ok(Math.abs(column.std! - stats.standardDeviation(all)) < 1e-12);
});

test('types are inferred over every chunk: one late non-number makes a string column', () => {
  const cells: Cell[] = [...Array.from({ length: 50 }, (_, i) => String(i % 5)), 'n/a'];
  const column = profile(cells, undefined, 10);
  assert.equal(column.type, 'string');
  assert.equal(column.distinctCount, 6);
  assert.deepEqual(column.topCategories!.slice(0, 2), [{ value: '0', count: 10 }, { value: '1', count: 10 }]);
  assert.equal(column.mean, undefined);
});

test('booleans in any letter case; an all-null column is a string column with nothing in it', () => {
  assert.deepEqual(profile(['TRUE', 'false', true, null, 'True']), {
    name: 'Beak Length (mm)',
    type: 'boolean',
    nullCount: 1,
    distinctCount: 2,
    count: 4,
    topCategories: [{ value: 'true', count: 3 }, { value: 'false', count: 1 }],
    estimated: [],
  });
  assert.deepEqual(profile([null, null]), {
    name: 'Beak Length (mm)', type: 'string', nullCount: 2, distinctCount: 0, count: 0, topCategories: [], estimated: [],
  });
});

test('a declared type is kept: numeric text in a string column stays text', () => {
  assert.equal(profile(['1', '2'], 'string').type, 'string');
  assert.deepEqual(profile([null], 'number'), { name: 'Beak Length (mm)', type: 'number', nullCount: 1, distinctCount: 0, count: 0, estimated: [] });
  assert.throws(() => profile(['x'], 'number'), /declared number/);
});

test('large columns say which statistics are estimates', () => {
  const n = Math.max(EXACT_DISTINCT_LIMIT, QUANTILE_SAMPLE_SIZE) * 3;
  const numbers = profile(Array.from({ length: n }, (_, i) => i), 'number', 5000);
  assert.deepEqual(numbers.estimated, ['distinctCount', 'quantiles']);
  assert.equal(numbers.min, 0);
  assert.equal(numbers.max, n - 1);
  assert.ok(Math.abs(numbers.distinctCount - n) / n < 0.03);
  const strings = profile(Array.from({ length: n }, (_, i) => `id-${i}`), 'string', 5000);
  assert.deepEqual(strings.estimated, ['distinctCount', 'topCategories']);
  const few = profile(Array.from({ length: n }, (_, i) => i % 3), 'number', 5000);
  assert.deepEqual(few.estimated, ['quantiles']);
  assert.equal(few.distinctCount, 3);
});
