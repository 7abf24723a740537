import type { DataSource } from 'typeorm';
import { GENESIS_HASH } from './audit-hash';
import { auditLogSealed } from './audit-sealer';

/** The format `scripts/verify-audit-export.mjs` checks; a change to the lines is a new version. */
export const AUDIT_EXPORT_FORMAT = 'provenant-audit-export';
export const AUDIT_EXPORT_VERSION = 1;

/** Rows fetched from the cursor per round trip: enough to keep the socket busy, few enough to bound memory. */
const FETCH_ROWS = 1000;

export interface AuditExportRange {
  /** Inclusive; null: from the first event. */
  since: Date | null;
  /** Exclusive. */
  until: Date;
}

/** Which part of the chain a range covers, fixed before a byte is streamed. */
export interface AuditExportPlan extends AuditExportRange {
  /** Null when no event occurred in the range. */
  firstSequence: number | null;
  lastSequence: number | null;
  /** The hash of the event before firstSequence (64 zeros before the first event), so the range verifies on its own. */
  previousHash: string;
}

export interface AuditExportHeader {
  format: typeof AUDIT_EXPORT_FORMAT;
  version: typeof AUDIT_EXPORT_VERSION;
  since: string | null;
  until: string;
  firstSequence: number | null;
  lastSequence: number | null;
  previousHash: string;
  hashFormula: string;
  exportedAt: string;
}

/** One event as exported: every field the hash covers, the two hashes, and the id provenance answers name. */
export interface AuditExportLine {
  sequence: number;
  id: string;
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

export function auditExportEventCount(plan: AuditExportPlan): number {
  return plan.firstSequence === null || plan.lastSequence === null ? 0 : plan.lastSequence - plan.firstSequence + 1;
}

/**
 * The range is the stretch of the chain from the first event that occurred at or after
 * `since` to the last that occurred before `until`, so an export is always a contiguous
 * piece of the chain that verifies on its own, even if writers' clocks disagreed slightly.
 * Events are never changed, so bounds fixed now describe the same events when streamed.
 */
export async function planAuditExport(dataSource: DataSource, range: AuditExportRange): Promise<AuditExportPlan> {
  await auditLogSealed(dataSource);
  const [bounds]: { first: string | null; last: string | null }[] = range.since
    ? await dataSource.query('SELECT min(sequence) AS first, max(sequence) AS last FROM audit_event WHERE occurred_at >= $1 AND occurred_at < $2', [range.since, range.until])
    : await dataSource.query('SELECT min(sequence) AS first, max(sequence) AS last FROM audit_event WHERE occurred_at < $1', [range.until]);
  const firstSequence = bounds.first === null ? null : Number(bounds.first);
  const lastSequence = bounds.last === null ? null : Number(bounds.last);
  return { ...range, firstSequence, lastSequence, previousHash: await hashBefore(dataSource, range, firstSequence) };
}

/** The hash of the event before the range; for an empty range, of the last event before its start: where the chain stood. */
async function hashBefore(dataSource: DataSource, range: AuditExportRange, firstSequence: number | null): Promise<string> {
  const [row]: { hash: string }[] =
    firstSequence === null
      ? await dataSource.query('SELECT hash FROM audit_event WHERE occurred_at < $1 ORDER BY sequence DESC LIMIT 1', [range.since ?? range.until])
      : await dataSource.query('SELECT hash FROM audit_event WHERE sequence = $1', [firstSequence - 1]);
  return row?.hash ?? GENESIS_HASH;
}

export function auditExportHeader(plan: AuditExportPlan, exportedAt: Date): AuditExportHeader {
  return {
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    since: plan.since?.toISOString() ?? null,
    until: plan.until.toISOString(),
    firstSequence: plan.firstSequence,
    lastSequence: plan.lastSequence,
    previousHash: plan.previousHash,
    hashFormula: 'hex(sha256(previousHash + "\\n" + canonicalJson({sequence, occurredAt, actor, action, subjectType, subjectId, payload})))',
    exportedAt: exportedAt.toISOString(),
  };
}

interface AuditEventRow {
  sequence: string;
  id: string;
  occurred_at: Date;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: Record<string, unknown>;
  previous_hash: string;
  hash: string;
}

function exportLine(row: AuditEventRow): AuditExportLine {
  return {
    sequence: Number(row.sequence),
    id: row.id,
    // The same rendering the hash was computed over (db/audit-hash.ts).
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    payload: row.payload,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

/**
 * The export as JSON lines: the header, then the planned events in chain order, read
 * through a server-side cursor a batch at a time, so memory stays flat however long the
 * range. Stopping early (the client hung up) closes the cursor and frees the connection.
 */
export async function* auditExportLines(dataSource: DataSource, plan: AuditExportPlan, exportedAt: Date): AsyncGenerator<string> {
  yield `${JSON.stringify(auditExportHeader(plan, exportedAt))}\n`;
  if (plan.firstSequence === null || plan.lastSequence === null) return;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      await runner.query('SET TRANSACTION READ ONLY');
      await runner.query(
        `DECLARE audit_export NO SCROLL CURSOR FOR
           SELECT sequence, id, occurred_at, actor, action, subject_type, subject_id, payload, previous_hash, hash
             FROM audit_event WHERE sequence BETWEEN $1 AND $2 ORDER BY sequence`,
        [plan.firstSequence, plan.lastSequence],
      );
      for (;;) {
        const rows: AuditEventRow[] = await runner.query(`FETCH FORWARD ${FETCH_ROWS} FROM audit_export`);
        if (rows.length > 0) yield rows.map((row) => `${JSON.stringify(exportLine(row))}\n`).join('');
        if (rows.length < FETCH_ROWS) break;
      }
      await runner.commitTransaction();
    } finally {
      // Also reached when the consumer stops early: ending the transaction closes the cursor.
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    }
  } finally {
    await runner.release();
  }
}
