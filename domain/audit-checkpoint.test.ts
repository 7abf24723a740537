import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditVerifyKey, isTrustedAuditCheckpoint, signAuditCheckpoint } from './audit-checkpoint';

const SEED = '3c'.repeat(32);
const HEAD = { sequence: 42, hash: 'ab'.repeat(32) };

test('a checkpoint verifies with its signing key only, and not once any signed field is changed', () => {
  const checkpoint = signAuditCheckpoint(HEAD, SEED, new Date('2026-12-06T06:00:00Z'));
  assert.deepEqual([checkpoint.sequence, checkpoint.hash, checkpoint.checkpointedAt, checkpoint.verifyKey], [42, HEAD.hash, '2026-12-06T06:00:00.000Z', auditVerifyKey(SEED)]);
  assert.equal(isTrustedAuditCheckpoint(checkpoint, auditVerifyKey(SEED)), true);
  assert.equal(isTrustedAuditCheckpoint(checkpoint, auditVerifyKey('4d'.repeat(32))), false, 'another key');
  for (const changed of [{ sequence: 43 }, { hash: 'cd'.repeat(32) }, { checkpointedAt: '2026-12-06T06:00:01.000Z' }, { version: 2 }, { signature: '00'.repeat(64) }]) {
    assert.equal(isTrustedAuditCheckpoint({ ...checkpoint, ...changed }, auditVerifyKey(SEED)), false, JSON.stringify(changed));
  }
  assert.equal(isTrustedAuditCheckpoint(null, auditVerifyKey(SEED)), false);
});
