import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appendAuditEvent, auditLogSealed, IncrementalAuditVerifier, verifyAuditLog } from '../db/audit-log';
import { bypassAppendOnly } from './support/audit-tampering';
import { startHarness, type Harness } from './support/harness';

describe('audit log: append-only and hash-chained', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  const append = (i: number, idempotencyKey?: string) =>
    harness.dataSource.transaction((manager) =>
      appendAuditEvent(manager, { actor: `writer-${i % 4}`, action: 'test.appended', subjectType: 'test', subjectId: `s${i}`, payload: { i, nested: { b: 2, a: [1, 'x'] } }, idempotencyKey }),
    );

  test('concurrent writers produce one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(i)));
    await auditLogSealed(harness.dataSource);
    const rows: { sequence: string }[] = await harness.dataSource.query('SELECT sequence FROM audit_event ORDER BY sequence');
    assert.deepEqual(rows.map((r) => Number(r.sequence)), Array.from({ length: 40 }, (_, i) => i + 1));
    const [head] = await harness.dataSource.query('SELECT hash FROM audit_event WHERE sequence = 40');
    assert.deepEqual(await verifyAuditLog(harness.dataSource), { ok: true, checked: 40, firstInvalidSequence: null, lastSequence: 40, lastHash: head.hash });
    const [twelfth] = await harness.dataSource.query('SELECT hash FROM audit_event WHERE sequence = 12');
    assert.deepEqual(await verifyAuditLog(harness.dataSource, 12), { ok: true, checked: 12, firstInvalidSequence: null, lastSequence: 12, lastHash: twelfth.hash });
  });

  test('after the first verification only the appended events and the newest verified one are re-hashed; full starts over', async () => {
    const verifier = new IncrementalAuditVerifier(harness.dataSource);
    assert.equal((await verifier.verify()).lastSequence, 40);
    await append(40);
    const hashOf = async (sequence: number) => (await harness.dataSource.query('SELECT hash FROM audit_event WHERE sequence = $1', [sequence]))[0].hash as string;
    const tamper = async (sequence: number, check: () => Promise<void>) => {
      const [{ payload }] = await harness.dataSource.query('SELECT payload FROM audit_event WHERE sequence = $1', [sequence]);
      await bypassAppendOnly(harness.dataSource, `UPDATE audit_event SET payload = '{"i": -1}' WHERE sequence = $1`, [sequence]);
      try {
        await check();
      } finally {
        await bypassAppendOnly(harness.dataSource, 'UPDATE audit_event SET payload = $1::jsonb WHERE sequence = $2', [JSON.stringify(payload), sequence]);
      }
    };
    await tamper(30, async () => {
      // Event 30 was verified before: an incremental call does not read it again, which is what keeps it cheap.
      assert.deepEqual(await verifier.verify(), { ok: true, checked: 41, firstInvalidSequence: null, lastSequence: 41, lastHash: await hashOf(41) });
      assert.deepEqual(await verifier.verify({ full: true }), { ok: false, checked: 29, firstInvalidSequence: 30, lastSequence: 29, lastHash: await hashOf(29) });
      assert.equal((await verifier.verify()).firstInvalidSequence, 30, 'the full verification moved the checkpoint back');
    });
    assert.equal((await verifier.verify()).ok, true, 'restored, the chain fits again');
    await tamper(41, async () => {
      assert.equal((await verifier.verify()).firstInvalidSequence, 41, 'the newest verified event is re-hashed on every call');
    });
    assert.deepEqual(await verifier.verify({ throughSequence: 12 }), { ok: true, checked: 12, firstInvalidSequence: null, lastSequence: 12, lastHash: await hashOf(12) });
  });

  test('an idempotency key records a fact once, whether its event is sealed yet or not, and under concurrent appends', async () => {
    const first = await append(100, 'once');
    const second = await append(100, 'once');
    assert.equal(second.id, first.id);
    await auditLogSealed(harness.dataSource);
    const sealed = await append(100, 'once');
    assert.equal(sealed.id, first.id);
    assert.ok(sealed.sequence !== null && sealed.sequence > 0, 'once sealed, the event found has its place in the chain');
    const racing = await Promise.all(Array.from({ length: 8 }, () => append(101, 'racing')));
    assert.equal(new Set(racing.map((event) => event.id)).size, 1);
    await auditLogSealed(harness.dataSource);
    const [{ count }] = await harness.dataSource.query(`SELECT count(*)::int AS count FROM audit_event WHERE idempotency_key IN ('once', 'racing')`);
    assert.equal(count, 2);
  });

  test('auditEvents filters by subject, actor, action and time range, and pages with stable cursors', async () => {
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 200; i < 206; i += 1) await append(i);
    const query = `query A($filter: AuditEventFilter, $after: String) {
      auditEvents(filter: $filter, first: 2, after: $after) { edges { node { sequence actor subjectId } } pageInfo { hasNextPage endCursor } } }`;
    const filter = { subjectType: 'test', actor: 'writer-0', action: 'test.appended', since: before.toISOString() };
    const first = (await harness.gql(query, { filter })).data!.auditEvents;
    assert.deepEqual(first.edges.map((e: { node: { subjectId: string } }) => e.node.subjectId), ['s204', 's200']);
    assert.equal(first.pageInfo.hasNextPage, false);
    // A cursor keeps its place while new events are appended in front of it.
    const all = (await harness.gql(query, { filter: { subjectType: 'test', since: before.toISOString() } })).data!.auditEvents;
    await append(206);
    const next = (await harness.gql(query, { filter: { subjectType: 'test', since: before.toISOString() }, after: all.pageInfo.endCursor })).data!.auditEvents;
    assert.deepEqual(next.edges.map((e: { node: { subjectId: string } }) => e.node.subjectId), ['s203', 's202']);
    const none = (await harness.gql(query, { filter: { subjectType: 'test', until: before.toISOString(), since: new Date(before.getTime() - 1).toISOString() } })).data!.auditEvents;
    assert.deepEqual(none.edges, []);
    const refused = await harness.gql(query, { filter: { since: before.toISOString(), until: before.toISOString() } });
    assert.equal(refused.errors?.[0].extensions?.field, 'filter.until');
  });

  test('UPDATE, DELETE and TRUNCATE are refused by the database itself', async () => {
    await assert.rejects(harness.dataSource.query(`UPDATE audit_event SET actor = 'mallory' WHERE sequence = 1`), /append-only: UPDATE refused/);
    await assert.rejects(harness.dataSource.query('DELETE FROM audit_event WHERE sequence = 2'), /append-only: DELETE refused/);
    await assert.rejects(harness.dataSource.query('TRUNCATE audit_event'), /append-only: TRUNCATE refused/);
  });

  test('a superuser who bypasses the trigger is caught by the chain, at the altered record', async () => {
    const before_ = await verifyAuditLog(harness.dataSource);
    assert.equal(before_.ok, true);
    await bypassAppendOnly(harness.dataSource, `UPDATE audit_event SET payload = '{"i": 999}' WHERE sequence = 17`);
    const tampered = await harness.gql('{ verifyAuditLog { ok checked firstInvalidSequence lastSequence } }', {}, 'ops-token-1');
    assert.deepEqual(tampered.data, { verifyAuditLog: { ok: false, checked: 16, firstInvalidSequence: 17, lastSequence: 16 } });

    await bypassAppendOnly(harness.dataSource, 'DELETE FROM audit_event WHERE sequence >= 17 AND sequence <= 17');
    const [sixteenth] = await harness.dataSource.query('SELECT hash FROM audit_event WHERE sequence = 16');
    assert.deepEqual(await verifyAuditLog(harness.dataSource), { ok: false, checked: 16, firstInvalidSequence: 17, lastSequence: 16, lastHash: sixteenth.hash });
  });
});
