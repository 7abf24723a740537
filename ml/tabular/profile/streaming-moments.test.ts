import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../../stats/simple-statistics';
import { StreamingMoments } from './streaming-moments';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${actual} ≉ ${expected}`);

test('chunked moments equal simple-statistics on the whole column, however it is chunked', () => {
  const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e3 + (i % 7) * 1e6);
  for (const chunkSize of [1, 7, 1000]) {
    const moments = new StreamingMoments();
    for (let start = 0; start < values.length; start += chunkSize) moments.add(values.slice(start, start + chunkSize));
    moments.add([]);
    assert.equal(moments.count, 1000);
    close(moments.mean, stats.mean(values));
    close(moments.variance, stats.variance(values));
    assert.equal(moments.min, stats.min(values));
    assert.equal(moments.max, stats.max(values));
  }
});

test('known values: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and population standard deviation 2', () => {
  const moments = new StreamingMoments();
  moments.add([2, 4, 4]);
  moments.add([4, 5, 5, 7, 9]);
  assert.equal(moments.mean, 5);
  assert.equal(Math.sqrt(moments.variance), 2);
});
