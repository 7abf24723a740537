import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../platform/config';
import { auditVerifyKey, signAuditCheckpoint, type AuditChainHead } from '../domain/audit-checkpoint';
import { writeAuditCheckpoint } from '../storage/audit-checkpoints';
import { auditExportHeader, type AuditExportLine } from './audit-export';
import { GENESIS_HASH, auditEventHash } from './audit-hash';
import { canonicalJson } from './canonical-json';

/** What scripts/verify-audit-export.mjs exports: the offline verifier a third party runs. */
interface OfflineVerifier {
  canonicalJson(value: unknown): string;
  auditEventHash(previousHash: string, event: Omit<AuditExportLine, 'occurredAt'> & { occurredAt: string }): string;
  verifyAuditExport(lines: Iterable<string>, checkpoints?: AuditChainHead[]): Promise<Record<string, unknown>>;
  isTrustedCheckpoint(checkpoint: unknown, verifyKey: string): boolean;
  readCheckpoints(dir: string, verifyKey: string): Promise<{ checkpoints: AuditChainHead[]; untrusted: number }>;
}

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'verify-audit-export.mjs');

/** A chain of `count` events as the export writes them, hashed by the application's own code. */
function exportedChain(count: number, firstSequence = 1, previousHash = GENESIS_HASH): string[] {
  const events: AuditExportLine[] = [];
  let previous = previousHash;
  for (let sequence = firstSequence; sequence < firstSequence + count; sequence += 1) {
    const content = {
      sequence,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)),
      actor: sequence % 2 ? 'ann' : 'system:pipeline',
      action: 'test.exported',
      subjectType: 'test',
      subjectId: `subject-${sequence}`,
      payload: { sequence, nested: { b: [1, 'ü'], a: -0.5 } },
    };
    const hash = auditEventHash(previous, content);
    events.push({ ...content, id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`, occurredAt: content.occurredAt.toISOString(), previousHash: previous, hash });
    previous = hash;
  }
  const header = auditExportHeader(
    { since: null, until: new Date('2026-02-01T00:00:00Z'), firstSequence, lastSequence: firstSequence + count - 1, previousHash },
    new Date('2026-02-01T00:00:00Z'),
  );
  return [JSON.stringify(header), ...events.map((event) => JSON.stringify(event))];
}

describe('offline audit export verifier (scripts/verify-audit-export.mjs)', () => {
  let verifier: OfflineVerifier;
  before(async () => {
    verifier = (await import(pathToFileURL(SCRIPT).href)) as OfflineVerifier;
  });

  test('canonicalises exactly as db/canonical-json.ts, tricky values included', () => {
    const values: unknown[] = [
      { z: 1, a: { y: [3, { d: null, c: true }], b: 'x' }, m: undefined },
      { 'é': 1, e: 2, 'E': 3, '\u{1F600}': 4, '\uFF61': 5, '': 6, '10': 7, '9': 8 },
      'snow ☃, emoji \u{1F327}, lone surrogate \uD800, line separator \u2028, "quotes" \\ and \n\t\u0000',
      [1e21, 1e-7, -0, 0, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, -1.5e-300, 5e-324, 1.7976931348623157e308, 123456789.123456789],
      [[], {}, [[[]]], [{ b: 1, a: 2 }], null, false, true],
      { deep: { deeper: { deepest: { k2: [{ y: 1, x: 2 }], k1: 'v' } } } },
      new Date('2026-01-02T03:04:05.006Z'),
    ];
    for (const value of values) assert.equal(verifier.canonicalJson(value), canonicalJson(value), JSON.stringify(value));
    assert.equal(verifier.canonicalJson([1e21, -0]), '[1e+21,0]');
    assert.throws(() => verifier.canonicalJson({ n: Number.NaN }), /non-finite/);
    assert.throws(() => verifier.canonicalJson({ f: () => 1 }), /type function/);
  });

  test('hashes an exported event as db/audit-hash.ts hashed it when it was written', () => {
    const content = { sequence: 7, occurredAt: new Date('2026-03-04T05:06:07.089Z'), actor: 'ann', action: 'a.b', subjectType: 's', subjectId: 'i', payload: { big: 1e21, neg: -0, text: 'ü' } };
    const exported = JSON.parse(JSON.stringify({ ...content, occurredAt: content.occurredAt.toISOString(), id: 'x', previousHash: GENESIS_HASH, hash: '' }));
    assert.equal(verifier.auditEventHash(GENESIS_HASH, exported), auditEventHash(GENESIS_HASH, content));
  });

  test('an intact export is OK, with its count and last hash; a range that starts mid-chain verifies on its own', async () => {
    const lines = exportedChain(5);
    const last = JSON.parse(lines[5]).hash;
    assert.deepEqual(await verifier.verifyAuditExport(lines), { ok: true, events: 5, firstSequence: 1, lastSequence: 5, lastHash: last, checkpoints: 0 });
    const later = exportedChain(3, 40, 'a'.repeat(64));
    assert.equal((await verifier.verifyAuditExport(later)).ok, true);
  });

  test('an edited payload is a hash mismatch at its sequence', async () => {
    const lines = exportedChain(5);
    const edited = JSON.parse(lines[3]);
    edited.payload.sequence = 999;
    lines[3] = JSON.stringify(edited);
    assert.deepEqual(await verifier.verifyAuditExport(lines), {
      ok: false,
      line: 4,
      sequence: 3,
      problem: 'hash_mismatch',
      message: `hash mismatch: the line says ${edited.hash}, its content hashes to ${verifier.auditEventHash(edited.previousHash, edited)}`,
    });
  });

  test('an edit whose hash was recomputed breaks the link to the next event', async () => {
    const lines = exportedChain(5);
    const edited = JSON.parse(lines[2]);
    edited.actor = 'mallory';
    edited.hash = verifier.auditEventHash(edited.previousHash, edited);
    lines[2] = JSON.stringify(edited);
    const result = await verifier.verifyAuditExport(lines);
    assert.deepEqual([result.ok, result.line, result.sequence, result.problem], [false, 4, 3, 'broken_link']);
  });

  test('a removed event is a gap; a removed last event a truncated export; a reordered one a gap', async () => {
    const lines = exportedChain(5);
    const removed = await verifier.verifyAuditExport([...lines.slice(0, 3), ...lines.slice(4)]);
    assert.deepEqual([removed.ok, removed.line, removed.sequence, removed.problem], [false, 4, 4, 'gap']);
    assert.match(String(removed.message), /expected 3, found 4 \(1 event\(s\) missing\)/);
    const truncated = await verifier.verifyAuditExport(lines.slice(0, 5));
    assert.deepEqual([truncated.ok, truncated.sequence, truncated.problem], [false, 5, 'truncated']);
    const swapped = await verifier.verifyAuditExport([lines[0], lines[1], lines[3], lines[2], lines[4], lines[5]]);
    assert.deepEqual([swapped.ok, swapped.sequence, swapped.problem], [false, 3, 'gap']);
  });

  test('a header whose previousHash does not lead to the first event, or a field the hash does not cover, is refused', async () => {
    const lines = exportedChain(3, 10, 'b'.repeat(64));
    const header = JSON.parse(lines[0]);
    const relinked = await verifier.verifyAuditExport([JSON.stringify({ ...header, previousHash: 'c'.repeat(64) }), ...lines.slice(1)]);
    assert.deepEqual([relinked.line, relinked.sequence, relinked.problem], [2, 10, 'broken_link']);
    const extra = await verifier.verifyAuditExport([lines[0], JSON.stringify({ ...JSON.parse(lines[1]), approvedBy: 'nobody' }), ...lines.slice(2)]);
    assert.deepEqual([extra.line, extra.problem, extra.message], [2, 'malformed', 'field "approvedBy" is not part of an audit event']);
    const notAnExport = await verifier.verifyAuditExport(['{"format":"something-else"}']);
    assert.deepEqual([notAnExport.line, notAnExport.problem], [1, 'malformed']);
  });

  test("checkpoints the API signed verify here; a rewrite whose later hashes were recomputed fails at the first sequence no checkpoint vouches for", async () => {
    const signingKey = '5a'.repeat(32);
    const verifyKey = auditVerifyKey(signingKey);
    const lines = exportedChain(8);
    const hashAt = (sequence: number): string => JSON.parse(lines[sequence]).hash;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'provenant-checkpoints-'));
    for (const sequence of [3, 8]) await writeAuditCheckpoint(dir, signAuditCheckpoint({ sequence, hash: hashAt(sequence) }, signingKey, new Date()));
    const forged = { ...signAuditCheckpoint({ sequence: 5, hash: hashAt(5) }, signingKey, new Date()), hash: 'f'.repeat(64) };
    await writeFile(path.join(dir, '5.json'), JSON.stringify(forged));
    await writeFile(path.join(dir, '6.json'), JSON.stringify(signAuditCheckpoint({ sequence: 6, hash: 'e'.repeat(64) }, '77'.repeat(32), new Date())));
    const signed = await verifier.readCheckpoints(dir, verifyKey);
    assert.deepEqual(signed, { checkpoints: [{ sequence: 3, hash: hashAt(3) }, { sequence: 8, hash: hashAt(8) }], untrusted: 2 });
    assert.equal((await verifier.verifyAuditExport(lines, signed.checkpoints)).checkpoints, 2);

    // Rewrite event 5 and recompute every hash after it: the chain fits together again.
    const rewritten = lines.slice(0, 5);
    let previousHash = hashAt(4);
    for (const line of lines.slice(5)) {
      const event = JSON.parse(line);
      if (event.sequence === 5) event.actor = 'mallory';
      event.previousHash = previousHash;
      event.hash = verifier.auditEventHash(previousHash, event);
      previousHash = event.hash;
      rewritten.push(JSON.stringify(event));
    }
    assert.equal((await verifier.verifyAuditExport(rewritten)).ok, true, 'without checkpoints the recomputed chain passes');
    const caught = await verifier.verifyAuditExport(rewritten, signed.checkpoints);
    assert.deepEqual([caught.ok, caught.line, caught.sequence, caught.problem], [false, 9, 4, 'checkpoint_mismatch']);
    assert.match(String(caught.message), /from sequence 4 on/);
  });
});
