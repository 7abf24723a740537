import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createAppDataSource } from '../db/data-source';
import { appendAuditEvent, auditLogSealed, verifyAuditLog } from '../db/audit-log';
import { auditVerifyKey, isTrustedAuditCheckpoint } from '../domain/audit-checkpoint';
import { REPO_ROOT } from '../platform/config';
import { rewriteAndRehash } from './support/audit-tampering';
import { assertError, startHarness, TOKENS, type Harness } from './support/harness';

const CHECKPOINT = 'mutation { checkpointAuditLog { sequence hash checkpointedAt verifyKey signature } }';
const VERIFY = '{ verifyAuditLog { ok checked firstInvalidSequence lastSequence lastHash checkpointsChecked brokenCheckpointSequence } }';
const VERIFIER = path.join(REPO_ROOT, 'scripts', 'verify-audit-export.mjs');

describe('audit log: least-privilege role and signed checkpoints', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  const appendEvents = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      await harness.appDataSource.transaction((tx) => appendAuditEvent(tx, { actor: 'ann', action: 'test.appended', subjectType: 'test', subjectId: `s${i}`, payload: { i } }));
    }
    await auditLogSealed(harness.appDataSource);
  };
  const checkpoint = async () => {
    const { data, errors } = await harness.gql(CHECKPOINT, {}, TOKENS.ops);
    assert.equal(errors, undefined, JSON.stringify(errors));
    return data!.checkpointAuditLog;
  };
  const refusals = async (db: Harness['dataSource']) => {
    const refused: string[] = [];
    for (const statement of [
      `UPDATE audit_event SET actor = 'mallory' WHERE sequence = 1`,
      'DELETE FROM audit_event WHERE sequence = 1',
      'TRUNCATE audit_event',
      'ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only',
      'ALTER TABLE audit_event DISABLE TRIGGER ALL',
      'DROP TRIGGER audit_event_append_only ON audit_event',
    ]) {
      await assert.rejects(db.query(statement), (error: Error) => {
        refused.push(error.message);
        return true;
      });
    }
    return refused;
  };
  const EXPECTED_REFUSALS = [
    'permission denied for table audit_event',
    'permission denied for table audit_event',
    'permission denied for table audit_event',
    'must be owner of table audit_event',
    'must be owner of table audit_event',
    'must be owner of relation audit_event',
  ];

  test('the API and workers run as provenant_app, which Postgres refuses any change to the audit log or its trigger', async () => {
    await appendEvents(1);
    const [{ role }] = await harness.appDataSource.query('SELECT current_user AS role');
    assert.equal(role, 'provenant_app');
    assert.deepEqual(await refusals(harness.appDataSource), EXPECTED_REFUSALS);
    const [{ count }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM audit_event');
    assert.equal(count, 1, 'nothing was removed');
  });

  test('a login of its own granted provenant_app (PROVENANT_APP_DATABASE_URL) is refused the same, even as itself after SET ROLE NONE', async () => {
    const login = `provenant_api_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await harness.dataSource.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE provenant_app`);
    const appUrl = new URL(harness.databaseUrl);
    appUrl.username = login;
    appUrl.password = password;
    const own = await createAppDataSource(harness.databaseUrl, appUrl.href).initialize();
    try {
      assert.deepEqual(await refusals(own), EXPECTED_REFUSALS);
      await own.transaction(async (tx) => {
        // RESET ROLE goes back to the role the session started as: provenant_app.
        await tx.query('RESET ROLE');
        assert.equal((await tx.query('SELECT current_user AS role'))[0].role, 'provenant_app');
        await tx.query('SET ROLE NONE');
        const [{ role }] = await tx.query('SELECT current_user AS role');
        assert.equal(role, login);
        await assert.rejects(tx.query(`UPDATE audit_event SET actor = 'mallory' WHERE sequence = 1`), /permission denied for table audit_event/);
      });
      // What the application needs: reading and appending to the log, writing other tables.
      await own.transaction((tx) => appendAuditEvent(tx, { actor: 'ann', action: 'test.appended', subjectType: 'test', subjectId: 'own-login', payload: {} }));
    } finally {
      await own.destroy();
      await harness.dataSource.query(`DROP ROLE ${login}`);
    }
  });

  test('checkpointAuditLog signs the chain head into <dataDir>/audit-checkpoints, once per head; only ops and admin may', async () => {
    const signed = await checkpoint();
    const [head] = await harness.dataSource.query('SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1');
    assert.deepEqual([signed.sequence, signed.hash], [Number(head.sequence), head.hash]);
    assert.equal(signed.verifyKey, auditVerifyKey(harness.config.auditSigningKey!));
    const dir = path.join(harness.config.dataDir, 'audit-checkpoints');
    const file = JSON.parse(await readFile(path.join(dir, `${signed.sequence}.json`), 'utf8'));
    assert.ok(isTrustedAuditCheckpoint(file, signed.verifyKey));
    assert.equal(file.signature, signed.signature);
    assert.deepEqual(await checkpoint(), signed, 'an unchanged head is not signed again');
    assert.deepEqual(await readdir(dir), [`${signed.sequence}.json`]);
    assertError(await harness.gql(CHECKPOINT, {}, TOKENS.engineer), 'FORBIDDEN', undefined, /role engineer/);
    const [{ tables }] = await harness.dataSource.query(`SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public' AND table_name ILIKE '%checkpoint%'`);
    assert.equal(tables, 0, 'checkpoints never go to Postgres');
  });

  test('a superuser who rewrites an event and recomputes every later hash is caught by the checkpoints, online and offline', async () => {
    await appendEvents(8);
    const early = await checkpoint();
    await appendEvents(10);
    const late = await checkpoint();
    await appendEvents(5);
    const intact = (await harness.gql(VERIFY, {}, TOKENS.ops)).data!.verifyAuditLog;
    assert.deepEqual([intact.ok, intact.checkpointsChecked, intact.brokenCheckpointSequence], [true, 3, null]);

    const rewritten = early.sequence + 4;
    await rewriteAndRehash(harness.dataSource, rewritten, { actor: 'mallory', payload: { i: 999 } });
    assert.equal((await verifyAuditLog(harness.dataSource)).ok, true, 'the recomputed chain fits together: the hashes alone cannot tell');
    const [{ enabled }] = await harness.dataSource.query(`SELECT tgenabled AS enabled FROM pg_trigger WHERE tgname = 'audit_event_append_only'`);
    assert.equal(enabled, 'O', 'the trigger is back on');

    const caught = (await harness.gql(VERIFY, {}, TOKENS.ops)).data!.verifyAuditLog;
    assert.deepEqual(caught, {
      ok: false,
      checked: late.sequence + 5,
      firstInvalidSequence: early.sequence + 1,
      lastSequence: early.sequence,
      lastHash: early.hash,
      checkpointsChecked: 3,
      brokenCheckpointSequence: late.sequence,
    });
    assert.ok(early.sequence < rewritten && rewritten <= late.sequence);
    const before = (await harness.gql('query V($n: Float) { verifyAuditLog(throughSequence: $n) { ok checkpointsChecked } }', { n: early.sequence }, TOKENS.ops)).data!.verifyAuditLog;
    assert.deepEqual(before, { ok: true, checkpointsChecked: 2 }, 'what the checkpoints before the rewrite vouch for still verifies');
    const refusedToSign = await harness.gql(CHECKPOINT, {}, TOKENS.ops);
    assertError(refusedToSign, 'CONFLICT', undefined, new RegExp(`no longer fits its chain at sequence ${late.sequence + 1}; nothing was signed`));

    const { data } = await harness.gql('{ exportAuditLog { url } }', {}, TOKENS.ops);
    const link = new URL(data!.exportAuditLog.url);
    const exported = await fetch(`${harness.url}${link.pathname}${link.search}`, { headers: { authorization: `Bearer ${TOKENS.ops}` } });
    const file = path.join(harness.config.dataDir, 'audit-export.ndjson');
    await writeFile(file, await exported.text());
    const checkpoints = path.join(harness.config.dataDir, 'audit-checkpoints');
    const offline = await promisify(execFile)(process.execPath, [VERIFIER, file, '--checkpoints', checkpoints, '--verify-key', early.verifyKey]).catch((error) => error);
    assert.equal(offline.code, 1, offline.stdout + offline.stderr);
    assert.match(offline.stdout, new RegExp(`^FAILED at line \\d+ \\(sequence ${early.sequence + 1}\\): checkpoint mismatch: .* at sequence ${late.sequence}, `));
    const unanchored = await promisify(execFile)(process.execPath, [VERIFIER, file]);
    assert.match(unanchored.stdout, /^OK: /, 'without the checkpoints the offline check passes too');
  });
});
