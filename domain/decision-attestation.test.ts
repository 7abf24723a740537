import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecisionRequest } from './approval';
import { ATTESTATION_MAX_AGE_MS, attestationRefusal, attestDecision, decisionVerifyKey, isDecisionKey } from './decision-attestation';

const SIGNING_KEY = '7c'.repeat(32);
const GATE = '6f1c1d2e-0000-4000-8000-000000000001';
const REQUEST: DecisionRequest = { actor: 'ann', role: 'approver', decision: 'APPROVE', comment: null, channel: 'graphql' };
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

test('a decision the API signed verifies with its public key, for its gate, while fresh', () => {
  const key = decisionVerifyKey(SIGNING_KEY);
  assert.ok(isDecisionKey(key));
  const attested = attestDecision(REQUEST, GATE, SIGNING_KEY, new Date(NOW));
  assert.match(attested.signature, /^[0-9a-f]{128}$/);
  assert.equal(attestationRefusal(attested, GATE, [key], NOW + 1000), null);
  assert.equal(attestationRefusal(attested, GATE, ['00'.repeat(32), key], NOW), null, 'any trusted key will do, for rotation');
});

test('everything else is refused, with the reason', () => {
  const key = decisionVerifyKey(SIGNING_KEY);
  const attested = attestDecision(REQUEST, GATE, SIGNING_KEY, new Date(NOW));
  const refusal = (decision: object, keys = [key], now = NOW) => attestationRefusal(decision, GATE, keys, now)?.message ?? null;
  assert.match(refusal(REQUEST)!, /carries no attestation/);
  assert.match(refusal(attested, [])!, /trusts no decision key/);
  assert.match(refusal({ ...attested, gateId: 'another' })!, /for another gate/);
  assert.match(refusal(attested, [key], NOW + ATTESTATION_MAX_AGE_MS + 1)!, /stale/);
  assert.match(refusal(attested, [key], NOW - ATTESTATION_MAX_AGE_MS - 1)!, /from the future/);
  for (const altered of [{ actor: 'bob' }, { role: 'admin' }, { decision: 'REJECT' }, { comment: 'x' }, { channel: 'slack' }]) {
    assert.match(refusal({ ...attested, ...altered })!, /does not verify/, JSON.stringify(altered));
  }
  assert.match(refusal(attested, [decisionVerifyKey('11'.repeat(32))])!, /does not verify/);
  assert.match(refusal({ ...attested, signature: 'zz' })!, /does not verify/);
});
