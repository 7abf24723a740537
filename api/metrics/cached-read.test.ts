import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachedRead } from './cached-read';

test('scrapes within the interval share one read; the next one after it reads again; a failure is not kept', async () => {
  let clock = 0;
  let reads = 0;
  let fail = false;
  const current = cachedRead(
    async () => {
      reads += 1;
      if (fail) throw new Error('database down');
      return reads;
    },
    -1,
    'test values',
    { maxAgeMs: 5000, now: () => clock },
  );
  assert.deepEqual(await Promise.all([current(), current(), current()]), [1, 1, 1], 'concurrent gauges of one scrape');
  clock = 4999;
  assert.equal(await current(), 1);
  assert.equal(reads, 1);
  clock = 5000;
  assert.equal(await current(), 2);
  clock = 10_000;
  fail = true;
  assert.equal(await current(), -1);
  fail = false;
  assert.equal(await current(), 4, 'the failure was not cached');
});
