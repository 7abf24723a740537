import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probe } from './probe';

test('a check that resolves is up; one that rejects or hangs past the timeout is down', async () => {
  assert.equal(await probe(async () => 1), 'up');
  assert.equal(await probe(async () => Promise.reject(new Error('ECONNREFUSED'))), 'down');
  const started = Date.now();
  assert.equal(await probe(() => new Promise(() => undefined), 50), 'down');
  assert.ok(Date.now() - started < 1000, 'the timeout bounds the wait');
});
