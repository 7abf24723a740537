import type { EntityManager } from 'typeorm';
import type { AuditChainHead } from '../domain/audit-checkpoint';
import { GENESIS_HASH, auditEventHash } from './audit-hash';
import { findAppendedAuditEvent, writeAuditIntake, type AppendedAuditEvent, type AuditEventInput } from './audit-intake';
import { AUDIT_TAMPERING_DETECTED, auditLogSealed } from './audit-sealer';
import type { Db } from './db';
import { AuditEventEntity } from './entities';

export type { AuditEventEntity } from './entities';
export type { AppendedAuditEvent, AuditEventInput } from './audit-intake';
export { auditLogSealed } from './audit-sealer';

/**
 * Appends one event to the audit log inside the caller's transaction, so the fact and its
 * event commit together. The event goes to the intake and is chained by the sealer right
 * after the commit (db/audit-sealer.ts): writers never wait for each other's commits, and
 * `sequence` is null until the event is sealed (an idempotent append of a fact already
 * sealed returns its sequence). Readers of the log await the seal first, so they see it.
 */
export function appendAuditEvent(manager: EntityManager, input: AuditEventInput): Promise<AppendedAuditEvent> {
  return writeAuditIntake(manager, input);
}

/** The event an idempotent append wrote under `idempotencyKey`, sealed or not, if it has been written. */
export function findAuditEvent(db: Db, idempotencyKey: string): Promise<AppendedAuditEvent | null> {
  return findAppendedAuditEvent(db, idempotencyKey);
}

/** Which events a page of the log holds; every filter is optional. */
export interface AuditEventFilter {
  subjectType?: string | null;
  subjectId?: string | null;
  actor?: string | null;
  action?: string | null;
  /** Inclusive. */
  since?: Date | null;
  /** Exclusive. */
  until?: Date | null;
}

/** Up to `limit` events, newest first, from before chain position `beforeSequence` when given. */
export async function listAuditEvents(db: Db, filter: AuditEventFilter, limit: number, beforeSequence: number | null): Promise<AuditEventEntity[]> {
  await auditLogSealed(db);
  const query = db.getRepository(AuditEventEntity).createQueryBuilder('e').orderBy('e.sequence', 'DESC').take(limit);
  if (filter.subjectType) query.andWhere('e.subject_type = :subjectType', { subjectType: filter.subjectType });
  if (filter.subjectId) query.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
  if (filter.actor) query.andWhere('e.actor = :actor', { actor: filter.actor });
  if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
  if (filter.since) query.andWhere('e.occurred_at >= :since', { since: filter.since });
  if (filter.until) query.andWhere('e.occurred_at < :until', { until: filter.until });
  if (beforeSequence !== null) query.andWhere('e.sequence < :sequence', { sequence: beforeSequence });
  return query.getMany();
}

/** The parts of an audit event provenance needs to tell which fact it records. */
export interface AuditEventRef {
  id: string;
  sequence: number;
  action: string;
  actor: string;
  subjectId: string;
  /** payload.stage of `pipeline.stage.*` events. */
  stage: string | null;
  /** payload.alias, fromVersionId and toVersionId of `model.alias_*` events. */
  alias: string | null;
  fromVersionId: string | null;
  toVersionId: string | null;
  /** payload.version of `trainer.registered` events. */
  trainerVersion: string | null;
}

/** The events db/model-aliases.ts writes for alias moves, about the model. */
const ALIAS_MOVE_ACTIONS = ['model.alias_set', 'model.alias_removed'];

/**
 * For a version's provenance, in chain order: every event about the version and what
 * hangs off it (`subjectIds`), and among its model's events only the alias moves onto or
 * off the version; only the payload keys that tell which fact an event records.
 */
export async function findAuditEventRefs(db: Db, subjectIds: string[], aliasMovesOf: { modelId: string; versionId: string }): Promise<AuditEventRef[]> {
  await auditLogSealed(db);
  const rows: (Omit<AuditEventRef, 'sequence'> & { sequence: string })[] = await db.query(
    `SELECT id, sequence, action, actor, subject_id AS "subjectId",
            payload->>'stage' AS stage, payload->>'alias' AS alias,
            payload->>'fromVersionId' AS "fromVersionId", payload->>'toVersionId' AS "toVersionId",
            payload->>'version' AS "trainerVersion"
       FROM audit_event
      WHERE subject_id = ANY($1::text[])
         OR (subject_id = $2 AND action = ANY($3::text[]) AND $4 IN (payload->>'fromVersionId', payload->>'toVersionId'))
      ORDER BY sequence`,
    [subjectIds, aliasMovesOf.modelId, ALIAS_MOVE_ACTIONS, aliasMovesOf.versionId],
  );
  return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstInvalidSequence: number | null;
  /** The last event that fits the chain and its hash: what an offline export of the same events must end with. */
  lastSequence: number | null;
  lastHash: string | null;
}

const VERIFY_PAGE_SIZE = 5000;

/**
 * Re-hashes the chain in sequence order, from the first event through `throughSequence`
 * (default: the newest), and names the first event that does not fit.
 */
export function verifyAuditLog(db: Db, throughSequence?: number): Promise<AuditVerification> {
  return verifyAuditChain(db, null, throughSequence);
}

/**
 * Re-hashes the chain from the event after `start`, a head known to be good (a signed
 * checkpoint; null: from the first event), so checking what was appended since costs only
 * that. When nothing follows `start`, the chain ends there.
 */
export async function verifyAuditChain(db: Db, start: AuditChainHead | null, throughSequence?: number): Promise<AuditVerification> {
  await auditLogSealed(db);
  const repository = db.getRepository(AuditEventEntity);
  let previousHash = start?.hash ?? GENESIS_HASH;
  let expectedSequence = (start?.sequence ?? 0) + 1;
  const result = (firstInvalidSequence: number | null): AuditVerification => ({
    ok: firstInvalidSequence === null,
    checked: expectedSequence - 1,
    firstInvalidSequence,
    lastSequence: expectedSequence > 1 ? expectedSequence - 1 : null,
    lastHash: expectedSequence > 1 ? previousHash : null,
  });
  for (;;) {
    const query = repository
      .createQueryBuilder('e')
      .where('e.sequence >= :from', { from: expectedSequence })
      .orderBy('e.sequence', 'ASC')
      .take(VERIFY_PAGE_SIZE);
    if (throughSequence !== undefined) query.andWhere('e.sequence <= :through', { through: throughSequence });
    const page = await query.getMany();
    for (const event of page) {
      const valid =
        event.sequence === expectedSequence &&
        event.previousHash === previousHash &&
        event.hash === auditEventHash(previousHash, event);
      if (!valid) return result(expectedSequence);
      previousHash = event.hash;
      expectedSequence += 1;
    }
    if (page.length < VERIFY_PAGE_SIZE) return result(null);
  }
}

/**
 * Verification that remembers how far the chain was found intact, so each call after the
 * first reads only the events appended since: constant time per call whatever the chain's
 * length. It re-hashes the remembered newest event every call, catching a rewrite at the
 * tip; a superuser's edit further back, behind the append-only trigger, is found by a full
 * verification (`full`), which starts over from the first event. One per process.
 */
export class IncrementalAuditVerifier {
  private verified: AuditChainHead | null = null;

  constructor(private readonly db: Db) {}

  async verify(options: { throughSequence?: number; full?: boolean } = {}): Promise<AuditVerification> {
    const { throughSequence, full = false } = options;
    const from = full ? null : await this.stillIntact(this.verified);
    if (from && throughSequence !== undefined && throughSequence <= from.sequence) {
      const hash = await this.hashAt(throughSequence);
      if (hash !== null) return { ok: true, checked: throughSequence, firstInvalidSequence: null, lastSequence: throughSequence, lastHash: hash };
    }
    const verification = await verifyAuditChain(this.db, from, throughSequence);
    const reached = verification.lastSequence ?? 0;
    // Concurrent calls each advance it; the furthest wins, and a full verification may move it back.
    if (full || reached > (this.verified?.sequence ?? 0)) this.verified = reached > 0 ? { sequence: reached, hash: verification.lastHash! } : null;
    return verification;
  }

  /** The remembered head when its event still hashes as remembered; otherwise null, to verify everything again. */
  private async stillIntact(checkpoint: AuditChainHead | null): Promise<AuditChainHead | null> {
    if (!checkpoint) return null;
    const event = await this.db.getRepository(AuditEventEntity).findOneBy({ sequence: checkpoint.sequence });
    const intact = event !== null && event.hash === checkpoint.hash && auditEventHash(event.previousHash, event) === checkpoint.hash;
    return intact ? checkpoint : null;
  }

  private async hashAt(sequence: number): Promise<string | null> {
    const event = await this.db.getRepository(AuditEventEntity).findOneBy({ sequence });
    return event?.hash ?? null;
  }
}

export interface AnchoredAuditVerification extends AuditVerification {
  /** How many signed checkpoints the chain still leads to. */
  checkpointsChecked: number;
  /** The checkpoint the chain no longer leads to, when that is what broke it. */
  brokenCheckpointSequence: number | null;
  /** Events found altered or removed while they waited to be sealed (`audit.tampering_detected` events); any makes `ok` false. */
  tamperingFindings: number;
}

/**
 * A chain verification (full or incremental) held against signed checkpoints: the event at each
 * checkpoint's sequence must still carry the hash that was signed. Someone who rewrites an
 * event and recomputes every later hash leaves a chain that fits together but cannot match
 * the signed hash again; then no signature vouches for anything after the last checkpoint
 * that still holds, and the first event after it is named as the first invalid one.
 * Read `checkpoints` before calling, so none is newer than the events re-hashed here.
 * An event found altered or removed before it was sealed also makes the answer `ok: false`.
 */
export async function holdAgainstCheckpoints(
  db: Db,
  chain: AuditVerification,
  checkpoints: readonly AuditChainHead[],
  throughSequence?: number,
): Promise<AnchoredAuditVerification> {
  const anchored = await anchoredChain(db, chain, checkpoints, throughSequence);
  const tamperingFindings = await countTamperingFindings(db);
  return { ...anchored, ok: anchored.ok && tamperingFindings === 0, tamperingFindings };
}

async function anchoredChain(
  db: Db,
  chain: AuditVerification,
  checkpoints: readonly AuditChainHead[],
  throughSequence?: number,
): Promise<Omit<AnchoredAuditVerification, 'tamperingFindings'>> {
  const covered = checkpoints.filter((checkpoint) => throughSequence === undefined || checkpoint.sequence <= throughSequence);
  const storedHashes = await auditEventHashes(db, covered.map((checkpoint) => checkpoint.sequence));
  let vouched: AuditChainHead | null = null;
  let checkpointsChecked = 0;
  for (const checkpoint of covered) {
    const withinChain = chain.lastSequence !== null && checkpoint.sequence <= chain.lastSequence;
    // Past a break the chain's own check found, the chain's report names the break.
    if (!withinChain && !chain.ok) break;
    checkpointsChecked += 1;
    // A checkpoint past the newest event means events were removed from the end.
    if (!withinChain || storedHashes.get(checkpoint.sequence) !== checkpoint.hash) {
      return {
        ok: false,
        checked: chain.checked,
        firstInvalidSequence: (vouched?.sequence ?? 0) + 1,
        lastSequence: vouched?.sequence ?? null,
        lastHash: vouched?.hash ?? null,
        checkpointsChecked,
        brokenCheckpointSequence: checkpoint.sequence,
      };
    }
    vouched = checkpoint;
  }
  return { ...chain, checkpointsChecked, brokenCheckpointSequence: null };
}

/** How many events the sealer or a writer's receipt found altered or removed before they were sealed. */
export async function countTamperingFindings(db: Db): Promise<number> {
  const [{ findings }]: { findings: number }[] = await db.query('SELECT count(*)::int AS findings FROM audit_event WHERE action = $1', [AUDIT_TAMPERING_DETECTED]);
  return findings;
}

/** The stored hash of each event at `sequences` that exists. */
async function auditEventHashes(db: Db, sequences: number[]): Promise<Map<number, string>> {
  if (sequences.length === 0) return new Map();
  const rows: { sequence: string; hash: string }[] = await db.query('SELECT sequence, hash FROM audit_event WHERE sequence = ANY($1::bigint[])', [sequences]);
  return new Map(rows.map((row) => [Number(row.sequence), row.hash]));
}
