import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { auditContentHash } from '../db/audit-hash';
import { appendAuditEvent, auditLogSealed, verifyAuditLog } from '../db/audit-log';
import { AUDIT_CHAIN_LOCK, AUDIT_SEAL_SWEEP_MS } from '../db/audit-sealer';
import { describeVerification } from '../platform/cli/provenant/audit-verify';
import { bypassIntakeAppendOnly } from './support/audit-tampering';
import { startHarness, TOKENS, type Harness } from './support/harness';

const WRITER = path.join(__dirname, 'support', 'audit-writer-process.js');
const VERIFY = '{ verifyAuditLog { ok firstInvalidSequence tamperingFindings } }';

/** A writer process (test/support/audit-writer-process.ts) and the ids of the events it has committed so far. */
function startWriter(databaseUrl: string, label: string, connections: number, perConnection: number, stay = false) {
  const child = spawn(process.execPath, [WRITER, databaseUrl, label, String(connections), String(perConnection), ...(stay ? ['--stay'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const committed: string[] = [];
  let sealed = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('committed ')) committed.push(line.slice('committed '.length));
    if (line === 'sealed') sealed = true;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, committed, exited, isSealed: () => sealed };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Takes the chain's lock as a sealer would and keeps it, so committed events stay in the intake until `release`. */
async function holdChainLock(dataSource: DataSource): Promise<() => Promise<void>> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK]);
  return async () => {
    await runner.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK]);
    await runner.release();
  };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('audit log: writers append without waiting for each other; the sealer chains what they committed', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  const inIntake = async (ids: string[]): Promise<number> =>
    (await harness.dataSource.query('SELECT count(*)::int AS n FROM audit_intake WHERE id = ANY($1::uuid[])', [ids]))[0].n;
  const findingAbout = async (id: string) => {
    await auditLogSealed(harness.dataSource);
    const rows: { payload: Record<string, any> }[] = await harness.dataSource.query(`SELECT payload FROM audit_event WHERE action = 'audit.tampering_detected' AND subject_id = $1`, [id]);
    return rows.map((row) => row.payload);
  };
  const appendHere = (subjectId: string, payload: Record<string, unknown>) =>
    harness.appDataSource.transaction((tx) => appendAuditEvent(tx, { actor: 'ann', action: 'test.appended', subjectType: 'test', subjectId, payload }));

  test('writers in several processes, on several connections each, make one chain without gap or fork', async () => {
    const processes = ['p1', 'p2', 'p3'].map((label) => startWriter(harness.databaseUrl, label, 4, 40));
    const here = Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let i = 0; i < 20; i += 1) await appendHere(`here-${writer}-${i}`, { writer, i });
      }),
    );
    await here;
    for (const writer of processes) assert.equal(await writer.exited, 0);
    assert.ok(processes.every((writer) => writer.isSealed() && writer.committed.length === 160));
    await auditLogSealed(harness.dataSource);

    const [chain] = await harness.dataSource.query(
      `SELECT count(*)::int AS events, min(sequence)::int AS first, max(sequence)::int AS last,
              count(DISTINCT previous_hash)::int AS predecessors, count(DISTINCT id)::int AS ids,
              count(*) FILTER (WHERE action = 'test.appended')::int AS appended, count(DISTINCT subject_id) FILTER (WHERE action = 'test.appended')::int AS subjects
         FROM audit_event`,
    );
    assert.deepEqual(chain, { events: 640, first: 1, last: 640, predecessors: 640, ids: 640, appended: 640, subjects: 640 });
    const committedElsewhere = processes.flatMap((writer) => writer.committed);
    const [{ sealed }] = await harness.dataSource.query('SELECT count(*)::int AS sealed FROM audit_event WHERE id = ANY($1::uuid[])', [committedElsewhere]);
    assert.equal(sealed, 480, 'every event another process committed is in the chain');
    assert.equal((await harness.dataSource.query('SELECT count(*)::int AS n FROM audit_intake'))[0].n, 0);
    const verification = await verifyAuditLog(harness.dataSource);
    assert.deepEqual([verification.ok, verification.checked], [true, 640]);
    assert.deepEqual((await harness.gql(VERIFY, {}, TOKENS.ops)).data, { verifyAuditLog: { ok: true, firstInvalidSequence: null, tamperingFindings: 0 } });
  });

  test('a writer that dies between its commit and the seal loses nothing: the sweep of a live process seals its events', async () => {
    const release = await holdChainLock(harness.dataSource);
    const writer = startWriter(harness.databaseUrl, 'crashed', 1, 3, true);
    try {
      await until('three commits', () => writer.committed.length === 3);
    } finally {
      await kill(writer.child);
    }
    assert.equal(await inIntake(writer.committed), 3, 'committed, not sealed: its sealer waited for the lock when the process died');
    await release();
    // Nobody appends or reads from here on: what seals them is the periodic sweep.
    await until('the sweep to seal them', async () => (await inIntake(writer.committed)) === 0, 10 * AUDIT_SEAL_SWEEP_MS + 10_000);
    const rows: { id: string; subject_id: string }[] = await harness.dataSource.query('SELECT id, subject_id FROM audit_event WHERE id = ANY($1::uuid[]) ORDER BY sequence', [writer.committed]);
    assert.deepEqual(rows.map((row) => row.subject_id).sort(), ['crashed-0-0', 'crashed-0-1', 'crashed-0-2']);
    assert.equal((await verifyAuditLog(harness.dataSource)).ok, true);
  });

  test('the intake refuses UPDATE, TRUNCATE and the DELETE of an event not yet sealed, to the application and its owner alike', async () => {
    const release = await holdChainLock(harness.dataSource);
    try {
      const event = await appendHere('waiting', { i: 1 });
      for (const db of [harness.appDataSource, harness.dataSource]) {
        await assert.rejects(db.query(`UPDATE audit_intake SET actor = 'mallory' WHERE id = $1`, [event.id]), /permission denied for table audit_intake|append-only: UPDATE refused/);
        await assert.rejects(db.query('TRUNCATE audit_intake'), /permission denied for table audit_intake|append-only: TRUNCATE refused/);
        await assert.rejects(db.query('DELETE FROM audit_intake WHERE id = $1', [event.id]), /append-only: DELETE refused \(an event leaves the intake only by being sealed/);
      }
      assert.equal(await inIntake([event.id]), 1);
    } finally {
      await release();
    }
    await auditLogSealed(harness.dataSource);
  });

  test('an event altered in the intake, its content hash recomputed, is caught by its writer: the finding holds what was written', async () => {
    const release = await holdChainLock(harness.dataSource);
    let id: string;
    try {
      const event = await appendHere('forged', { amount: 10 });
      id = event.id;
      const forged = { ...event, payload: { amount: 10_000 } };
      await bypassIntakeAppendOnly(harness.dataSource, 'UPDATE audit_intake SET payload = $2, content_hash = $3 WHERE id = $1', [id, JSON.stringify(forged.payload), auditContentHash(forged)]);
    } finally {
      await release();
    }
    await auditLogSealed(harness.appDataSource);
    const [sealed] = await harness.dataSource.query('SELECT sequence::int AS sequence, payload FROM audit_event WHERE id = $1', [id!]);
    assert.deepEqual(sealed.payload, { amount: 10_000 }, 'the chain holds what the database held');
    const [finding] = await findingAbout(id!);
    assert.equal(finding.finding, 'altered before it was checked sealed');
    assert.equal(finding.sequence, sealed.sequence);
    assert.deepEqual(finding.written.payload, { amount: 10 });
    assert.equal(finding.written.subjectId, 'forged');
    assert.deepEqual((await harness.gql(VERIFY, {}, TOKENS.ops)).data, { verifyAuditLog: { ok: false, firstInvalidSequence: null, tamperingFindings: 1 } });
    const whole = (await harness.gql('{ verifyAuditLog { ok checked firstInvalidSequence lastSequence lastHash checkpointsChecked brokenCheckpointSequence tamperingFindings } }', {}, TOKENS.ops)).data!;
    assert.match(describeVerification(whole.verifyAuditLog), /^BROKEN: 1 event\(s\) found altered or removed before they were sealed \(see the audit.tampering_detected events\); the chain holds through sequence \d+;/);
  });

  test('an event removed from the intake before it was sealed is caught by its writer: the finding holds the whole event', async () => {
    const release = await holdChainLock(harness.dataSource);
    let id: string;
    try {
      id = (await appendHere('removed', { amount: 5 })).id;
      await bypassIntakeAppendOnly(harness.dataSource, 'DELETE FROM audit_intake WHERE id = $1', [id]);
    } finally {
      await release();
    }
    await auditLogSealed(harness.appDataSource);
    assert.equal((await harness.dataSource.query('SELECT count(*)::int AS n FROM audit_event WHERE id = $1', [id!]))[0].n, 0);
    const [finding] = await findingAbout(id!);
    assert.equal(finding.finding, 'removed before it was sealed');
    assert.equal(finding.sequence, null);
    assert.deepEqual([finding.written.actor, finding.written.action, finding.written.subjectId, finding.written.payload], ['ann', 'test.appended', 'removed', { amount: 5 }]);
    assert.equal((await harness.gql(VERIFY, {}, TOKENS.ops)).data!.verifyAuditLog.tamperingFindings, 2);
    assert.equal((await verifyAuditLog(harness.dataSource)).ok, true, 'the chain itself fits: what was removed never reached it');
  });

  test('an event altered in the intake after its writer died is caught by the sealer, by its content hash', async () => {
    const release = await holdChainLock(harness.dataSource);
    const writer = startWriter(harness.databaseUrl, 'orphan', 1, 1, true);
    try {
      await until('the commit', () => writer.committed.length === 1);
      await kill(writer.child);
      await bypassIntakeAppendOnly(harness.dataSource, `UPDATE audit_intake SET actor = 'mallory' WHERE id = $1`, [writer.committed[0]]);
    } finally {
      await release();
    }
    // Whichever live process sealed it (this one, or the API's sweep) records the finding as that round ends.
    await until('the finding', async () => (await findingAbout(writer.committed[0])).length === 1);
    const [finding] = await findingAbout(writer.committed[0]);
    const [sealed] = await harness.dataSource.query('SELECT sequence::int AS sequence, actor FROM audit_event WHERE id = $1', [writer.committed[0]]);
    assert.equal(sealed.actor, 'mallory');
    assert.deepEqual(finding, { finding: 'altered in the intake', sequence: sealed.sequence });
    assert.equal((await harness.gql(VERIFY, {}, TOKENS.ops)).data!.verifyAuditLog.tamperingFindings, 3);
  });

  test('an event appended in a savepoint that rolled back is forgotten, not reported missing', async () => {
    const kept = await harness.appDataSource.transaction(async (tx) => {
      const event = await appendAuditEvent(tx, { actor: 'ann', action: 'test.appended', subjectType: 'test', subjectId: 'kept', payload: {} });
      await tx
        .transaction((inner) => appendAuditEvent(inner, { actor: 'ann', action: 'test.appended', subjectType: 'test', subjectId: 'rolled-back', payload: {} }).then(() => Promise.reject(new Error('roll back'))))
        .catch(() => undefined);
      return event;
    });
    await auditLogSealed(harness.appDataSource);
    const rows: { subject_id: string }[] = await harness.dataSource.query(`SELECT subject_id FROM audit_event WHERE subject_id IN ('kept', 'rolled-back')`);
    assert.deepEqual(rows.map((row) => row.subject_id), ['kept']);
    assert.deepEqual(await findingAbout(kept.id), []);
    assert.equal((await harness.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'audit.tampering_detected'`))[0].n, 3);
  });
});
