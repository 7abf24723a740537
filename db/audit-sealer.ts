import { DataSource, EntityManager, EventSubscriber, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent, type TransactionStartEvent } from 'typeorm';
import { logger } from '../platform/logger';
import { GENESIS_HASH, auditContentHash, auditEventHash, type AuditIntakeContent } from './audit-hash';
import { openAuditIntakeLevel, settleAuditIntake, writeAuditIntake, type AuditReceipt } from './audit-intake';
import type { Db } from './db';

/** Held by whoever extends the chain; any constant works, as long as every sealer uses the same. */
export const AUDIT_CHAIN_LOCK = 0x70726f76;
/** Events chained per sealing transaction at most; a longer intake takes several. */
const SEAL_BATCH = 1000;
/** How often each process seals whatever is waiting in the intake, e.g. what a writer that crashed after its commit left there. */
export const AUDIT_SEAL_SWEEP_MS = 1000;
/** Receipts checked per query. */
const RECEIPT_BATCH = 5000;

/** The event recording that another was found altered or removed before it was sealed. */
export const AUDIT_TAMPERING_DETECTED = 'audit.tampering_detected';
const AUDIT_ACTOR = 'system:audit';

interface IntakeRow extends AuditIntakeContent {
  contentHash: string;
}

interface TamperingFinding {
  eventId: string;
  finding: 'altered in the intake' | 'altered before it was checked sealed' | 'removed before it was sealed';
  sequence: number | null;
  /** The event as its writer wrote it, when the writer is the one who noticed. */
  written?: AuditIntakeContent;
}

const INTAKE_COLUMNS = `id, occurred_at AS "occurredAt", actor, action, subject_type AS "subjectType", subject_id AS "subjectId", payload, idempotency_key AS "idempotencyKey"`;

/**
 * Chains committed intake rows into `audit_event`, a batch per transaction, under the
 * chain's advisory lock: one sealer at a time across every process, so sequences have no
 * gaps and the chain never forks, while writers never wait for each other. One per
 * DataSource; it seals right after each commit of an append in this process, every
 * AUDIT_SEAL_SWEEP_MS whatever is left, and before every read of the log (`sealed`).
 *
 * It also keeps a receipt of every event this process committed (its content and content
 * hash, in memory, where the database cannot reach) until it has seen the event sealed with
 * that content: an event removed from the intake, or altered there with its content hash
 * recomputed, is then recorded as an `audit.tampering_detected` event holding what was
 * written.
 */
class AuditSealer {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly receipts = new Map<string, AuditReceipt>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {
    this.sweep = setInterval(() => this.kick(), AUDIT_SEAL_SWEEP_MS);
    // Sealing is never a reason for a process to stay alive: another process, or this one's next start, seals what is left.
    this.sweep.unref();
  }

  committed(receipts: AuditReceipt[]): void {
    for (const receipt of receipts) this.receipts.set(receipt.content.id, receipt);
    this.kick();
  }

  kick(): void {
    if (!this.dataSource.isInitialized) {
      clearInterval(this.sweep);
      return;
    }
    this.sealed().catch((error: unknown) => {
      if (this.dataSource.isInitialized) logger.error({ err: error }, 'audit events wait in the intake; the next append or sweep seals them');
    });
  }

  /**
   * Resolves once every event committed before the call is sealed and this process's
   * receipts for them checked. Calls made while a round runs share the one after it.
   */
  sealed(): Promise<void> {
    if (!this.running) {
      this.running = this.round().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.sealed();
      });
    return this.queued;
  }

  private async round(): Promise<void> {
    const altered: TamperingFinding[] = [];
    const [{ waiting }]: { waiting: boolean }[] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM audit_intake) AS waiting');
    if (waiting) {
      for (;;) {
        const batch = await this.sealBatch();
        altered.push(...batch.altered);
        if (!batch.full) break;
      }
    }
    // A receipt's finding first: it holds what the writer wrote, and an event is recorded as tampered with once.
    for (const finding of [...(await this.checkReceipts()), ...altered]) await this.record(finding);
  }

  private sealBatch(): Promise<{ full: boolean; altered: TamperingFinding[] }> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      // Read after the lock is granted: the previous sealer has committed, so the head is current.
      const rows: IntakeRow[] = await tx.query(`SELECT ${INTAKE_COLUMNS}, content_hash AS "contentHash" FROM audit_intake ORDER BY position LIMIT $1`, [SEAL_BATCH]);
      if (rows.length === 0) return { full: false, altered: [] };
      const [head]: { sequence: string; hash: string }[] = await tx.query('SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1');
      let previousHash = head?.hash ?? GENESIS_HASH;
      let sequence = Number(head?.sequence ?? 0);
      const links = { id: [] as string[], sequence: [] as number[], previousHash: [] as string[], hash: [] as string[] };
      const altered: TamperingFinding[] = [];
      for (const row of rows) {
        sequence += 1;
        const hash = auditEventHash(previousHash, { ...row, sequence });
        // Sealed as found, so the chain holds what the database held; the finding records that it changed.
        if (auditContentHash(row) !== row.contentHash) altered.push({ eventId: row.id, finding: 'altered in the intake', sequence });
        links.id.push(row.id);
        links.sequence.push(sequence);
        links.previousHash.push(previousHash);
        links.hash.push(hash);
        previousHash = hash;
      }
      // The content is copied inside Postgres, so the chain stores exactly the bytes the intake held.
      await tx.query(
        `INSERT INTO audit_event (sequence, id, occurred_at, actor, action, subject_type, subject_id, payload, idempotency_key, previous_hash, hash)
         SELECT l.sequence, i.id, i.occurred_at, i.actor, i.action, i.subject_type, i.subject_id, i.payload, i.idempotency_key, l.previous_hash, l.hash
           FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS l(id, sequence, previous_hash, hash)
           JOIN audit_intake i ON i.id = l.id
          ORDER BY l.sequence`,
        [links.id, links.sequence, links.previousHash, links.hash],
      );
      await tx.query('DELETE FROM audit_intake WHERE id = ANY($1::uuid[])', [links.id]);
      return { full: rows.length === SEAL_BATCH, altered };
    });
  }

  /** Every receipt whose event is sealed is settled: with the content its writer wrote, or as a finding; so is one whose event vanished. */
  private async checkReceipts(): Promise<TamperingFinding[]> {
    const findings: TamperingFinding[] = [];
    // Only receipts taken before the query: their events committed before it, so it sees each in the chain or the intake.
    const ids = [...this.receipts.keys()];
    for (let start = 0; start < ids.length; start += RECEIPT_BATCH) {
      const chunk = ids.slice(start, start + RECEIPT_BATCH);
      const rows: (AuditIntakeContent & { sequence: string | null })[] = await this.dataSource.query(
        `SELECT ${INTAKE_COLUMNS}, sequence FROM audit_event WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT ${INTAKE_COLUMNS}, NULL FROM audit_intake WHERE id = ANY($1::uuid[])`,
        [chunk],
      );
      const found = new Map(rows.map((row) => [row.id, row]));
      for (const id of chunk) {
        const receipt = this.receipts.get(id)!;
        const row = found.get(id);
        if (row && row.sequence === null) continue;
        this.receipts.delete(id);
        if (!row) findings.push({ eventId: id, finding: 'removed before it was sealed', sequence: null, written: receipt.content });
        else if (auditContentHash(row) !== receipt.contentHash) findings.push({ eventId: id, finding: 'altered before it was checked sealed', sequence: Number(row.sequence), written: receipt.content });
      }
    }
    return findings;
  }

  private async record(finding: TamperingFinding): Promise<void> {
    logger.error({ auditEventId: finding.eventId, finding: finding.finding, sequence: finding.sequence }, 'an audit event was tampered with before it was sealed');
    const { eventId, written, ...details } = finding;
    await this.dataSource.transaction((tx) =>
      writeAuditIntake(tx, {
        actor: AUDIT_ACTOR,
        action: AUDIT_TAMPERING_DETECTED,
        subjectType: 'audit_event',
        subjectId: eventId,
        payload: { ...details, ...(written ? { written: { ...written, occurredAt: written.occurredAt.toISOString() } } : {}) },
        // Found by the sealer and by the writer's receipt alike, it is recorded once.
        idempotencyKey: `${AUDIT_TAMPERING_DETECTED}:${eventId}`,
      }),
    );
  }
}

const sealers = new WeakMap<DataSource, AuditSealer>();

function auditSealer(dataSource: DataSource): AuditSealer {
  let sealer = sealers.get(dataSource);
  if (!sealer) {
    sealer = new AuditSealer(dataSource);
    sealers.set(dataSource, sealer);
  }
  return sealer;
}

/**
 * Resolves once every audit event committed before the call is in the chain: what a reader
 * of `audit_event` awaits first, so it never misses an event that committed before it read.
 * It also starts this process's periodic sweep.
 */
export function auditLogSealed(db: Db): Promise<void> {
  return auditSealer(db instanceof EntityManager ? db.connection : db).sealed();
}

/** Hands the receipts of a transaction's appends to the sealer as it commits, without delaying the commit. */
@EventSubscriber()
export class AuditSealingSubscriber implements EntitySubscriberInterface {
  afterTransactionStart(event: TransactionStartEvent): void {
    openAuditIntakeLevel(event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const receipts = settleAuditIntake(event.queryRunner, 'commit');
    if (receipts.length > 0) auditSealer(event.connection).committed(receipts);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    settleAuditIntake(event.queryRunner, 'rollback');
  }
}
