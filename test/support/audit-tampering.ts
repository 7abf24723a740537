import type { DataSource } from 'typeorm';
import { auditEventHash, type AuditEventContent } from '../../db/audit-hash';

/**
 * Runs a statement against `audit_event` as someone allowed to disable its append-only
 * trigger (the table owner or a superuser) could: the tampering the hash chain must expose.
 */
export async function bypassAppendOnly(dataSource: DataSource, statement: string, parameters: unknown[] = []): Promise<void> {
  await dataSource.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
  try {
    await dataSource.query(statement, parameters);
  } finally {
    await dataSource.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
  }
}

/**
 * Rewrites the event at `sequence` (actor and payload) and recomputes its hash and every
 * later one, trigger off, so the chain fits together again: the cover-up only a signed
 * checkpoint can expose. Runs in one transaction, so the trigger is never left off.
 */
export async function rewriteAndRehash(dataSource: DataSource, sequence: number, changes: { actor: string; payload: Record<string, unknown> }): Promise<void> {
  await dataSource.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    const rows: AuditEventRow[] = await tx.query(
      `SELECT sequence, occurred_at AS "occurredAt", actor, action, subject_type AS "subjectType", subject_id AS "subjectId", payload, previous_hash AS "previousHash"
         FROM audit_event WHERE sequence >= $1 ORDER BY sequence`,
      [sequence],
    );
    let previousHash = rows[0].previousHash;
    for (const row of rows) {
      const content = { ...row, sequence: Number(row.sequence), ...(Number(row.sequence) === sequence ? changes : {}) };
      const hash = auditEventHash(previousHash, content);
      await tx.query('UPDATE audit_event SET actor = $2, payload = $3, previous_hash = $4, hash = $5 WHERE sequence = $1', [content.sequence, content.actor, content.payload, previousHash, hash]);
      previousHash = hash;
    }
    await tx.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
  });
}

/** A row as the query reads it: the hashed content (the bigint sequence as text) and the link to its predecessor. */
type AuditEventRow = Omit<AuditEventContent, 'sequence'> & { sequence: string; previousHash: string };

/**
 * Runs a statement against `audit_intake` with its triggers off, as its owner or a superuser
 * could: an event changed or removed while it waited to be sealed.
 */
export async function bypassIntakeAppendOnly(dataSource: DataSource, statement: string, parameters: unknown[] = []): Promise<void> {
  await dataSource.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_intake DISABLE TRIGGER USER');
    await tx.query(statement, parameters);
    await tx.query('ALTER TABLE audit_intake ENABLE TRIGGER USER');
  });
}
