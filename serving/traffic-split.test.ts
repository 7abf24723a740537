import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrafficRoute } from '../domain/deployment';
import { chooseVersion, trafficBucket } from './traffic-split';

const ROUTE: TrafficRoute = {
  modelName: 'm',
  environment: 'STAGING',
  stableVersionId: 'stable-id',
  canaryVersionId: 'canary-id',
  canaryWeight: 30,
  shadowVersionId: null,
};

const IDS = Array.from({ length: 20_000 }, (_, i) => `request-${i}`);

test('the same request id always gets the same bucket, in 0-99', () => {
  for (const id of IDS.slice(0, 100)) {
    const bucket = trafficBucket(id);
    assert.ok(Number.isInteger(bucket) && bucket >= 0 && bucket < 100);
    assert.equal(trafficBucket(id), bucket);
    assert.deepEqual(chooseVersion(ROUTE, id), chooseVersion(ROUTE, id));
  }
});

test('the canary answers about its weight share of requests', () => {
  for (const canaryWeight of [1, 10, 30, 50, 90]) {
    const canary = IDS.filter((id) => chooseVersion({ ...ROUTE, canaryWeight }, id)?.role === 'canary').length / IDS.length;
    // 20,000 draws: the binomial standard deviation is at most 0.35 percentage points.
    assert.ok(Math.abs(canary - canaryWeight / 100) < 0.015, `weight ${canaryWeight}: canary share ${canary}`);
  }
});

test('weight 0 and 100 are absolute, and raising the weight never moves a request back to stable', () => {
  assert.ok(IDS.every((id) => chooseVersion({ ...ROUTE, canaryWeight: 0 }, id)?.versionId === 'stable-id'));
  assert.ok(IDS.every((id) => chooseVersion({ ...ROUTE, canaryWeight: 100 }, id)?.versionId === 'canary-id'));
  const at50 = IDS.filter((id) => chooseVersion({ ...ROUTE, canaryWeight: 50 }, id)?.role === 'canary');
  assert.ok(at50.every((id) => chooseVersion({ ...ROUTE, canaryWeight: 80 }, id)?.role === 'canary'));
});

test('without a canary everything goes to stable; without any version there is no choice', () => {
  assert.deepEqual(chooseVersion({ ...ROUTE, canaryVersionId: null, canaryWeight: 0 }, 'r'), { versionId: 'stable-id', role: 'stable' });
  assert.equal(chooseVersion({ ...ROUTE, stableVersionId: null, canaryVersionId: null, canaryWeight: 0 }, 'r'), null);
});
