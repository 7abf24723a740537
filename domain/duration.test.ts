import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './duration';

test('durations in ms, s, m, h and d', () => {
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration(' 3d '), 259_200_000);
  for (const bad of ['', '3', 'h', '-1h', '0s', '2 weeks', '1e3s']) assert.equal(parseDuration(bad), null, bad);
});
