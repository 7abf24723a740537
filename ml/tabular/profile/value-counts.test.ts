import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueCounts } from './value-counts';

test('exact while distinct values fit: counts, ties broken by value', () => {
  const counts = new ValueCounts<string>(10);
  for (const value of ['b', 'a', 'c', 'a', 'b', 'a', 'd']) counts.add(value);
  assert.equal(counts.exact, true);
  assert.equal(counts.distinctCount(), 4);
  assert.deepEqual(counts.mostFrequent(3), [['a', 3], ['b', 2], ['c', 1]]);
});

test('past the limit: distinct count is estimated and frequent values keep counts within the Misra–Gries bound', () => {
  const limit = 100;
  const counts = new ValueCounts<string>(limit);
  let total = 0;
  for (let i = 0; i < 50_000; i += 1) {
    counts.add(`rare-${i}`);
    total += 1;
    if (i % 10 === 0) {
      counts.add('frequent');
      total += 1;
    }
  }
  assert.equal(counts.exact, false);
  const distinct = counts.distinctCount();
  assert.ok(Math.abs(distinct - 50_001) / 50_001 < 0.03, `distinct ${distinct}`);
  const [[value, count]] = counts.mostFrequent(1);
  assert.equal(value, 'frequent');
  assert.ok(count <= 5000 && count >= 5000 - total / (limit + 1), `count ${count}`);
});
