import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrafficRoute } from '../domain/deployment';
import { TrafficSplit } from './traffic-split';

const ROUTE: TrafficRoute = {
  modelName: 'm',
  environment: 'STAGING',
  stableVersionId: 'stable-id',
  canaryVersionId: 'canary-id',
  canaryWeight: 30,
  shadowVersionId: null,
};

const IDS = Array.from({ length: 20_000 }, (_, i) => `request-${i}`);
const split = new TrafficSplit('a-configured-canary-key-of-32-characters');

test('under one key the same request id always gets the same bucket, in 0-99', () => {
  const again = new TrafficSplit('a-configured-canary-key-of-32-characters');
  for (const id of IDS.slice(0, 100)) {
    const bucket = split.bucket(id);
    assert.ok(Number.isInteger(bucket) && bucket >= 0 && bucket < 100);
    assert.equal(again.bucket(id), bucket, 'processes sharing a key agree');
    assert.deepEqual(split.choose(ROUTE, id), split.choose(ROUTE, id));
  }
});

test('the canary answers about its weight share of requests', () => {
  for (const canaryWeight of [1, 10, 30, 50, 90]) {
    const canary = IDS.filter((id) => split.choose({ ...ROUTE, canaryWeight }, id)?.role === 'canary').length / IDS.length;
    // 20,000 draws: the binomial standard deviation is at most 0.35 percentage points.
    assert.ok(Math.abs(canary - canaryWeight / 100) < 0.015, `weight ${canaryWeight}: canary share ${canary}`);
  }
});

test('an id does not choose its bucket: under another key, canary ids are a fresh draw', () => {
  const canaryIds = (under: TrafficSplit) => new Set(IDS.filter((id) => under.choose(ROUTE, id)?.role === 'canary'));
  const configured = canaryIds(split);
  for (const other of [new TrafficSplit(undefined), new TrafficSplit('another-configured-key-of-32-characters')]) {
    const overlap = [...canaryIds(other)].filter((id) => configured.has(id)).length / configured.size;
    // Independent draws overlap by the weight (30%); ids that carried their bucket would overlap by 100%.
    assert.ok(Math.abs(overlap - 0.3) < 0.03, `canary ids shared between keys: ${overlap}`);
  }
  // One id's buckets over many process keys spread over 0-99.
  const buckets = new Set(Array.from({ length: 200 }, () => new TrafficSplit(undefined).bucket('chosen-by-the-caller')));
  assert.ok(buckets.size > 50, `${buckets.size} distinct buckets`);
});

test('weight 0 and 100 are absolute, and raising the weight never moves a request back to stable', () => {
  assert.ok(IDS.every((id) => split.choose({ ...ROUTE, canaryWeight: 0 }, id)?.versionId === 'stable-id'));
  assert.ok(IDS.every((id) => split.choose({ ...ROUTE, canaryWeight: 100 }, id)?.versionId === 'canary-id'));
  const at50 = IDS.filter((id) => split.choose({ ...ROUTE, canaryWeight: 50 }, id)?.role === 'canary');
  assert.ok(at50.every((id) => split.choose({ ...ROUTE, canaryWeight: 80 }, id)?.role === 'canary'));
});

test('without a canary everything goes to stable; without any version there is no choice', () => {
  assert.deepEqual(split.choose({ ...ROUTE, canaryVersionId: null, canaryWeight: 0 }, 'r'), { versionId: 'stable-id', role: 'stable' });
  assert.equal(split.choose({ ...ROUTE, stableVersionId: null, canaryVersionId: null, canaryWeight: 0 }, 'r'), null);
});
