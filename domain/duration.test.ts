import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration } from './duration';

test('durations in ms, s, m, h and d', () => {
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration(' 3d '), 259_200_000);
  for (const bad of ['', '3', 'h', '-1h', '0s', '2 weeks', '1e3s']) assert.equal(parseDuration(bad), null, bad);
});

test('durations format in the largest unit that divides them, and parse back', () => {
  assert.equal(formatDuration(86_400_000), '1d');
  assert.equal(formatDuration(3_600_000), '1h');
  assert.equal(formatDuration(5_400_000), '90m');
  assert.equal(formatDuration(90_000), '90s');
  assert.equal(formatDuration(1500), '1500ms');
  for (const ms of [1, 999, 60_000, 172_800_000, 3_601_000]) assert.equal(parseDuration(formatDuration(ms)), ms);
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => formatDuration(bad), RangeError);
});
