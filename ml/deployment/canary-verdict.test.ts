import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CANARY_POLICY } from '../../domain/deployment';
import { canaryVerdict, type VersionWindow } from './canary-verdict';

const window = (requests: number, errors: number, latency: number, counts: Record<string, number>): VersionWindow => ({
  requests,
  errors,
  p95Ms: requests > 0 ? latency : null,
  predictionCounts: new Map(Object.entries(counts)),
});
const policy = { ...DEFAULT_CANARY_POLICY, minRequests: 10 };

test('a healthy canary passes', () => {
  const verdict = canaryVerdict(10, window(30, 0, 5, { rain: 10, sun: 20 }), window(100, 0, 4, { rain: 35, sun: 65 }), null, policy, null);
  assert.equal(verdict.passed, true, verdict.reasons.join('; '));
  assert.ok(verdict.predictionShift! < 0.05);
});

test('too few requests, errors, slow answers and shifted predictions each fail, with the figures', () => {
  const verdict = canaryVerdict(50, window(12, 3, 50, { sun: 12 }), window(100, 0, 5, { rain: 50, sun: 50 }), null, policy, null);
  assert.equal(verdict.passed, false);
  assert.deepEqual(verdict.reasons.map((r) => r.split(' ')[0]), ['error', 'p95', 'prediction']);
  assert.match(verdict.reasons[0], /error rate 0.25 > 0.01/);
  assert.equal(canaryVerdict(10, window(3, 0, 5, { sun: 3 }), window(10, 0, 5, { sun: 10 }), null, policy, null).reasons[0], 'only 3 canary requests, at least 10 needed');
});

test('a few straggling stable requests at 100% are not compared with the canary', () => {
  const previous = canaryVerdict(50, window(30, 0, 5, { sun: 30 }), window(30, 0, 5, { sun: 30 }), null, policy, null);
  const full = canaryVerdict(100, window(300, 0, 5, { sun: 290, rain: 10 }), window(3, 0, 9, { rain: 3 }), previous, policy, null);
  assert.deepEqual([full.passed, full.predictionShift, full.stableP95Ms], [true, null, 5]);
});

test('at 100% the previous window stands in for stable', () => {
  const previous = canaryVerdict(50, window(30, 0, 5, { sun: 30 }), window(30, 0, 5, { sun: 30 }), null, policy, null);
  const full = canaryVerdict(100, window(30, 0, 5, { sun: 30 }), window(0, 0, 0, {}), previous, policy, new Map([['sun', 30]]));
  assert.equal(full.passed, true, full.reasons.join('; '));
  assert.equal(full.stableP95Ms, 5);
});
