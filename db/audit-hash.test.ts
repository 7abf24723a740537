import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { GENESIS_HASH, auditContentHash, auditEventHash } from './audit-hash';

const event = {
  sequence: 1,
  occurredAt: new Date('2026-11-23T10:00:00.000Z'),
  actor: 'ann',
  action: 'dataset_version.registered',
  subjectType: 'dataset_version',
  subjectId: 'abc',
  payload: { rows: 3, name: 'w' },
};

test('hash is SHA-256 of the previous hash, a newline and the canonical content', () => {
  const expected = createHash('sha256')
    .update(
      `${GENESIS_HASH}\n{"action":"dataset_version.registered","actor":"ann","occurredAt":"2026-11-23T10:00:00.000Z",` +
        `"payload":{"name":"w","rows":3},"sequence":1,"subjectId":"abc","subjectType":"dataset_version"}`,
    )
    .digest('hex');
  assert.equal(auditEventHash(GENESIS_HASH, event), expected);
});

test('any change to content or predecessor changes the hash; extra fields do not count', () => {
  const base = auditEventHash(GENESIS_HASH, event);
  assert.notEqual(auditEventHash(GENESIS_HASH, { ...event, actor: 'mallory' }), base);
  assert.notEqual(auditEventHash('1'.repeat(64), event), base);
  assert.equal(auditEventHash(GENESIS_HASH, { ...event, hash: 'ignored', id: 'x' } as typeof event), base);
});

test('the content hash covers the id, the content and the idempotency key, never a place in the chain', () => {
  const { sequence: _sequence, ...content } = event;
  const written = { ...content, id: '0b7c6f1e-8f59-4d7e-9a51-0d2f1c3b4a5e', idempotencyKey: null };
  const expected = createHash('sha256')
    .update(
      '{"action":"dataset_version.registered","actor":"ann","id":"0b7c6f1e-8f59-4d7e-9a51-0d2f1c3b4a5e","idempotencyKey":null,' +
        '"occurredAt":"2026-11-23T10:00:00.000Z","payload":{"name":"w","rows":3},"subjectId":"abc","subjectType":"dataset_version"}',
    )
    .digest('hex');
  assert.equal(auditContentHash(written), expected);
  assert.notEqual(auditContentHash({ ...written, payload: { rows: 4, name: 'w' } }), expected);
  assert.notEqual(auditContentHash({ ...written, idempotencyKey: 'k' }), expected);
});
