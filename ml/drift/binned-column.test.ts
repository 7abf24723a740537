import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../stats/simple-statistics';
import { addToBinnedColumn, assertSameEdges, emptyBinnedColumn } from './binned-column';

const edges = Float64Array.from([0, 10, 20]);

test('bins are (−∞, e₀], (e₀, e₁], …, (e_last, ∞): a value on an edge goes to the bin below it', () => {
  const column = addToBinnedColumn(emptyBinnedColumn(edges), [-5, 0, 0.5, 10, 15, 20, 21, Number.NaN]);
  assert.deepEqual([...column.counts], [2, 2, 2, 1]);
  assert.equal(column.count, 7);
  assert.equal(column.missing, 1);
  assert.equal(column.min, -5);
  assert.equal(column.max, 21);
});

test('one pass in chunks equals one pass over everything, and the mean and σ are exact', () => {
  const values = Array.from({ length: 1000 }, (_, i) => 25 * Math.sin(i * 0.37) + i / 50);
  const whole = addToBinnedColumn(emptyBinnedColumn(edges), values);
  let chunked = emptyBinnedColumn(edges);
  for (let start = 0; start < values.length; start += 128) chunked = addToBinnedColumn(chunked, values.slice(start, start + 128));
  assert.deepEqual([...chunked.counts], [...whole.counts]);
  assert.equal(chunked.count, 1000);
  assert.ok(Math.abs(chunked.mean - stats.mean(values)) < 1e-12);
  assert.ok(Math.abs(Math.sqrt(chunked.sumSquaredDeviations / chunked.count) - stats.standardDeviation(values)) < 1e-12);
});

test('adding returns a new column and leaves the old one as it was', () => {
  const empty = emptyBinnedColumn(edges);
  const added = addToBinnedColumn(empty, [1, 2, 3]);
  assert.equal(empty.count, 0);
  assert.deepEqual([...empty.counts], [0, 0, 0, 0]);
  assert.equal(added.count, 3);
});

test('edges must be finite and strictly ascending; values finite or NaN', () => {
  assert.throws(() => emptyBinnedColumn(Float64Array.from([1, 1])), RangeError);
  assert.throws(() => emptyBinnedColumn(Float64Array.from([2, 1])), RangeError);
  assert.throws(() => emptyBinnedColumn(Float64Array.from([Infinity])), RangeError);
  assert.throws(() => addToBinnedColumn(emptyBinnedColumn(edges), [1, -Infinity]), { name: 'RangeError', message: /^chunk\[1\]/ });
});

test('columns compare only over the same edges', () => {
  assert.doesNotThrow(() => assertSameEdges(emptyBinnedColumn(edges), emptyBinnedColumn(Float64Array.from(edges))));
  assert.throws(() => assertSameEdges(emptyBinnedColumn(edges), emptyBinnedColumn(Float64Array.from([0, 10]))), RangeError);
});
