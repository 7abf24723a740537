import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import { auditContentHash, type AuditIntakeContent } from './audit-hash';
import type { Db } from './db';

export interface AuditEventInput {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
  /** Makes the append idempotent: a retried activity cannot log the same fact twice. */
  idempotencyKey?: string;
}

/** An appended event: its content, and its place in the chain once sealed (null before). */
export interface AppendedAuditEvent extends AuditIntakeContent {
  sequence: number | null;
}

/** An event its writer committed, with the content hash it computed, kept until it is seen sealed. */
export interface AuditReceipt {
  content: AuditIntakeContent;
  contentHash: string;
}

/** The driver's connection under a query runner, which runs named (prepared) statements. */
export interface PreparingClient {
  query(statement: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Advisory-lock class of the per-idempotency-key locks (the two-key form, apart from the chain's one-key lock). */
const IDEMPOTENCY_LOCK_CLASS = 0x70726f77;

/**
 * Events appended in a transaction that has not committed yet, with the depth of the
 * savepoint they were written in, so a rollback to a savepoint forgets only its own.
 */
const uncommitted = new WeakMap<QueryRunner, { receipt: AuditReceipt; depth: number }[]>();
/** How many transactions and savepoints each query runner has open. */
const depths = new WeakMap<QueryRunner, number>();

/** The columns an event's content is read from, in `audit_event` and `audit_intake` alike, named as AuditIntakeContent names them. */
export const AUDIT_CONTENT_COLUMNS = `id, occurred_at AS "occurredAt", actor, action, subject_type AS "subjectType", subject_id AS "subjectId", payload, idempotency_key AS "idempotencyKey"`;

/**
 * Writes one event into the intake inside the caller's transaction, so the event commits
 * or rolls back with the fact it records. No lock is shared with other writers: the
 * sealer gives the event its place in the chain after the commit. An idempotent append
 * takes a lock on its key alone, so only appends of the same fact wait for each other.
 */
export async function writeAuditIntake(manager: EntityManager, input: AuditEventInput): Promise<AppendedAuditEvent> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('appendAuditEvent must be called inside a transaction');
  const idempotencyKey = input.idempotencyKey ?? null;
  if (idempotencyKey !== null) {
    const [{ isolation }]: { isolation: string }[] = await manager.query(
      `SELECT pg_advisory_xact_lock($1, hashtext($2)), current_setting('transaction_isolation') AS isolation`,
      [IDEMPOTENCY_LOCK_CLASS, idempotencyKey],
    );
    // Only a statement snapshot taken after the lock sees the same fact appended by whoever held it before.
    if (isolation !== 'read committed') throw new Error(`an idempotent appendAuditEvent needs a READ COMMITTED transaction, not ${isolation.toUpperCase()}`);
    const existing = await findAppendedAuditEvent(manager, idempotencyKey);
    if (existing) return existing;
  }
  // Round-trip through JSON so what is hashed is exactly what jsonb will give back.
  const payloadJson = JSON.stringify(input.payload ?? {});
  const content: AuditIntakeContent = {
    id: randomUUID(),
    occurredAt: new Date(),
    actor: input.actor,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    payload: JSON.parse(payloadJson) as Record<string, unknown>,
    idempotencyKey,
  };
  const contentHash = auditContentHash(content);
  const connection = (await runner.connect()) as PreparingClient;
  await connection.query({
    // A named statement is parsed and planned once per connection instead of on every append.
    name: 'provenant.audit_intake.insert',
    text: `INSERT INTO audit_intake (id, occurred_at, actor, action, subject_type, subject_id, payload, idempotency_key, content_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    values: [content.id, content.occurredAt, content.actor, content.action, content.subjectType, content.subjectId, payloadJson, idempotencyKey, contentHash],
  });
  const pending = uncommitted.get(runner) ?? [];
  pending.push({ receipt: { content, contentHash }, depth: depths.get(runner) ?? 1 });
  uncommitted.set(runner, pending);
  return { ...content, sequence: null };
}

/**
 * The event written under `idempotencyKey`, sealed or still in the intake. One statement,
 * so one snapshot: the sealer moves an event from the intake to the chain in one
 * transaction, and the event is found in exactly one of the two.
 */
export async function findAppendedAuditEvent(db: Db, idempotencyKey: string): Promise<AppendedAuditEvent | null> {
  const [row]: (AppendedAuditEvent & { sequence: string | null })[] = await db.query(
    `SELECT ${AUDIT_CONTENT_COLUMNS}, sequence FROM audit_event WHERE idempotency_key = $1
     UNION ALL
     SELECT ${AUDIT_CONTENT_COLUMNS}, NULL FROM audit_intake WHERE idempotency_key = $1
     LIMIT 1`,
    [idempotencyKey],
  );
  return row ? { ...row, sequence: row.sequence === null ? null : Number(row.sequence) } : null;
}

/** Called as `runner` opens a transaction or a savepoint. */
export function openAuditIntakeLevel(runner: QueryRunner): void {
  depths.set(runner, (depths.get(runner) ?? 0) + 1);
}

/**
 * What `runner`'s transaction (or savepoint) ending means for the events written in it:
 * on the outermost commit, the receipts of the events now committed; on a rollback, those
 * written inside what was rolled back are forgotten.
 */
export function settleAuditIntake(runner: QueryRunner, outcome: 'commit' | 'rollback'): AuditReceipt[] {
  const depth = Math.max((depths.get(runner) ?? 1) - 1, 0);
  depths.set(runner, depth);
  const pending = uncommitted.get(runner);
  if (!pending) return [];
  if (depth === 0) {
    uncommitted.delete(runner);
    return outcome === 'commit' ? pending.map((entry) => entry.receipt) : [];
  }
  // A released savepoint's events now belong to the level around it; a rolled-back one's never happened.
  const kept = outcome === 'commit' ? pending.map((entry) => ({ ...entry, depth: Math.min(entry.depth, depth) })) : pending.filter((entry) => entry.depth <= depth);
  uncommitted.set(runner, kept);
  return [];
}
