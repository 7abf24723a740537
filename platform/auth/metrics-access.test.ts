import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricsAccess } from './metrics-access';
import { TokenRegistry } from './token-registry';

const tokens = new TokenRegistry([
  { token: 'ops-token', name: 'olga', role: 'ops' },
  { token: 'admin-token', name: 'ann', role: 'admin' },
  { token: 'viewer-token', name: 'vic', role: 'viewer' },
]);

test('the scrape token, ops and admin tokens may scrape; others are refused as the API guard refuses them', () => {
  const access = new MetricsAccess(tokens, 'scrape-token');
  for (const token of ['scrape-token', 'ops-token', 'admin-token']) assert.equal(access.refusal(`Bearer ${token}`), null, token);
  assert.deepEqual(access.refusal(undefined), { code: 'UNAUTHENTICATED', message: 'missing bearer token: send Authorization: Bearer <token>' });
  assert.deepEqual(access.refusal('Basic c2NyYXBl'), { code: 'UNAUTHENTICATED', message: 'missing bearer token: send Authorization: Bearer <token>' });
  assert.deepEqual(access.refusal('Bearer scrape-token-2'), { code: 'UNAUTHENTICATED', message: 'unknown or revoked token' });
  assert.deepEqual(access.refusal('Bearer viewer-token'), { code: 'FORBIDDEN', message: 'role viewer may not perform this operation' });
});

test('without a scrape token configured, only ops and admin tokens may scrape', () => {
  const access = new MetricsAccess(tokens, undefined);
  assert.equal(access.refusal('Bearer ops-token'), null);
  assert.equal(access.refusal('Bearer scrape-token')?.code, 'UNAUTHENTICATED');
});
