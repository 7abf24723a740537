import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { decisionVerifyKey } from '../domain/decision-attestation';
import { configFromOptions } from './plugin-options';

const DATABASE_URL = 'postgres://provenant:secret@db.internal:5432/provenant';

test('the options become the configuration every Provenant activity reads', () => {
  const key = decisionVerifyKey('22'.repeat(32));
  const config = configFromOptions({
    databaseUrl: DATABASE_URL,
    dataDir: '/srv/provenant',
    taskQueuePrefix: 'ml',
    decisionVerifyKeys: [key],
    slack: { botToken: 'xoxb-1', approvalsChannel: 'C1', users: { U01: 'ann' } },
  });
  assert.equal(config.databaseUrl, DATABASE_URL);
  assert.equal(config.dataDir, '/srv/provenant');
  assert.deepEqual(config.dataRoots, ['/srv/provenant']);
  assert.equal(config.taskQueuePrefix, 'ml');
  assert.deepEqual(config.decisionVerifyKeys, [key]);
  assert.equal(config.decisionSigningKey, undefined, 'a worker never holds the signing key');
  assert.deepEqual([config.slack.botToken, config.slack.approvalsChannel, config.slack.escalationChannel, config.slack.users], ['xoxb-1', 'C1', 'C1', { U01: 'ann' }]);
  assert.equal(configFromOptions({ databaseUrl: DATABASE_URL }).dataDir, path.resolve('.provenant'));
});

test('a bad option is named as the user wrote it', () => {
  assert.throws(() => configFromOptions({ databaseUrl: 'mysql://x' }), /^ConfigError: ProvenantPlugin options\.databaseUrl: must be a postgres:\/\/ URL$/);
  assert.throws(() => configFromOptions({ databaseUrl: DATABASE_URL, taskQueuePrefix: 'a b' }), /ProvenantPlugin options\.taskQueuePrefix: must be letters/);
  assert.throws(() => configFromOptions({ databaseUrl: DATABASE_URL, decisionVerifyKeys: ['abc'] }), /ProvenantPlugin options\.decisionVerifyKeys: entry 1 must be 64 hex digits/);
  assert.throws(() => configFromOptions({ databaseUrl: DATABASE_URL, publicUrl: 'nope' }), /ProvenantPlugin options\.publicUrl:/);
});
