import { DataSource, EntityManager, EventSubscriber, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent, type TransactionStartEvent } from 'typeorm';
import { logger } from '../platform/logger';
import { GENESIS_HASH, auditContentHash, auditEventHash, type AuditIntakeContent } from './audit-hash';
import { AUDIT_CONTENT_COLUMNS, openAuditIntakeLevel, settleAuditIntake, writeAuditIntake, type AuditReceipt, type PreparingClient } from './audit-intake';
import type { Db } from './db';

/** Held by whoever extends the chain; any constant works, as long as every sealer uses the same. */
export const AUDIT_CHAIN_LOCK = 0x70726f76;
/** Events chained per sealing transaction at most; a longer intake takes several. */
const SEAL_BATCH = 1000;
/** How often each process seals whatever is waiting in the intake, e.g. what a writer that crashed after its commit left there. */
export const AUDIT_SEAL_SWEEP_MS = 1000;
/**
 * How long a commit waits for others to join its sealing round. Each round costs a
 * transaction (and a WAL flush) however many events it seals, so under load a short wait
 * seals more per round; a reader never waits for it (`auditLogSealed` seals at once).
 */
export const AUDIT_SEAL_DELAY_MS = 20;
/** Receipts checked per query. */
const RECEIPT_BATCH = 5000;

/** The oldest committed intake rows and the chain's head, read under the chain's lock. */
const OLDEST_INTAKE_ROWS = `SELECT i.*, h.sequence AS "headSequence", h.hash AS "headHash"
  FROM (SELECT position, ${AUDIT_CONTENT_COLUMNS}, content_hash AS "contentHash" FROM audit_intake ORDER BY position LIMIT ${SEAL_BATCH}) i
  LEFT JOIN LATERAL (SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1) h ON true
 ORDER BY i.position`;

/** Removes the sealed rows from the intake and inserts them, chained, into `audit_event`, in one statement. */
const MOVE_INTO_CHAIN = `WITH removed AS (DELETE FROM audit_intake WHERE position = ANY($1::bigint[]) RETURNING *)
INSERT INTO audit_event (sequence, id, occurred_at, actor, action, subject_type, subject_id, payload, idempotency_key, previous_hash, hash)
SELECT l.sequence, r.id, r.occurred_at, r.actor, r.action, r.subject_type, r.subject_id, r.payload, r.idempotency_key, l.previous_hash, l.hash
  FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS l(position, sequence, previous_hash, hash)
  JOIN removed r ON r.position = l.position
 ORDER BY l.sequence
RETURNING sequence`;

type OldestIntakeRow = IntakeRow & { position: string; headSequence: string | null; headHash: string | null };

/** The driver's connection under the sealer's query runner: simple queries of several statements, and named (prepared) ones. */
interface SealingClient extends PreparingClient {
  query(text: string): Promise<{ rows: OldestIntakeRow[] }[]>;
  query(statement: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

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

/**
 * Chains committed intake rows into `audit_event`, a batch per transaction, under the
 * chain's advisory lock: one sealer at a time across every process, so sequences have no
 * gaps and the chain never forks, while writers never wait for each other. One per
 * DataSource; it seals AUDIT_SEAL_DELAY_MS after a commit of an append in this process,
 * every AUDIT_SEAL_SWEEP_MS whatever is left, and before every read of the log (`sealed`).
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
  private delayed: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.sweep = setInterval(() => this.kick(), AUDIT_SEAL_SWEEP_MS);
    // Sealing is never a reason for a process to stay alive: another process, or this one's next start, seals what is left.
    this.sweep.unref();
  }

  committed(receipts: AuditReceipt[]): void {
    for (const receipt of receipts) this.receipts.set(receipt.content.id, receipt);
    this.delayed ??= setTimeout(() => {
      this.delayed = null;
      // Those commits put events in the intake: no need to look first.
      this.kick(false);
    }, AUDIT_SEAL_DELAY_MS);
  }

  kick(probe = true): void {
    if (!this.dataSource.isInitialized) {
      clearInterval(this.sweep);
      return;
    }
    this.sealed(probe).catch((error: unknown) => {
      if (this.dataSource.isInitialized) logger.error({ err: error }, 'audit events wait in the intake; the next append or sweep seals them');
    });
  }

  /**
   * Resolves once every event committed before the call is sealed and this process's
   * receipts for them checked. Calls made while a round runs share the one after it.
   * `probe`: first look whether the intake holds anything, which spares an idle reader a
   * transaction on the chain's lock.
   */
  sealed(probe = true): Promise<void> {
    if (!this.running) {
      this.running = this.round(probe).finally(() => {
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

  private async round(probe: boolean): Promise<void> {
    // Receipts taken before the round: their events committed before it, so it finds each in the chain or the intake.
    const due = [...this.receipts.keys()];
    const altered: TamperingFinding[] = [];
    const fromReceipts: TamperingFinding[] = [];
    if (!probe || (await this.intakeHolds())) {
      for (;;) {
        const batch = await this.sealBatch();
        altered.push(...batch.altered);
        // What this round sealed needs no query to settle: the content it read is the content it chained.
        for (const row of batch.sealed) fromReceipts.push(...this.settle(row));
        if (!batch.full) break;
      }
    }
    fromReceipts.push(...(await this.checkReceipts(due.filter((id) => this.receipts.has(id)))));
    // A receipt's finding first: it holds what the writer wrote, and an event is recorded as tampered with once.
    for (const finding of [...fromReceipts, ...altered]) await this.record(finding);
  }

  private async intakeHolds(): Promise<boolean> {
    const [{ waiting }]: { waiting: boolean }[] = await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM audit_intake) AS waiting');
    return waiting;
  }

  /**
   * Settles this process's receipt for an event now sealed or gone (row null): a finding when
   * the event is not what its writer wrote. `row.contentHash` is the hash of the row as found.
   */
  private settle(row: (IntakeRow & { sequence: number }) | null, id = row?.id): TamperingFinding[] {
    const receipt = id === undefined ? undefined : this.receipts.get(id);
    if (!receipt) return [];
    this.receipts.delete(receipt.content.id);
    if (!row) return [{ eventId: receipt.content.id, finding: 'removed before it was sealed', sequence: null, written: receipt.content }];
    if (row.contentHash === receipt.contentHash) return [];
    return [{ eventId: row.id, finding: 'altered before it was checked sealed', sequence: row.sequence, written: receipt.content }];
  }

  private async sealBatch(): Promise<{ full: boolean; altered: TamperingFinding[]; sealed: (IntakeRow & { sequence: number })[] }> {
    const runner = this.dataSource.createQueryRunner();
    const connection = (await runner.connect()) as SealingClient;
    try {
      // One round trip: the simple protocol runs the three statements in turn, so the SELECT's
      // snapshot is taken after the lock was granted and sees what the previous sealer committed.
      const [, , { rows }] = await connection.query(
        `START TRANSACTION; SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}); ${OLDEST_INTAKE_ROWS}`,
      );
      const batch = await this.chainBatch(connection, rows);
      await connection.query('COMMIT');
      return batch;
    } catch (error) {
      // Never hand the pool back a connection in a transaction; the error that matters is the first.
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Under the chain's lock: the oldest committed intake rows, chained onto the head and moved into `audit_event`. */
  private async chainBatch(tx: SealingClient, rows: OldestIntakeRow[]): Promise<{ full: boolean; altered: TamperingFinding[]; sealed: (IntakeRow & { sequence: number })[] }> {
    if (rows.length === 0) return { full: false, altered: [], sealed: [] };
    let previousHash = rows[0].headHash ?? GENESIS_HASH;
    let sequence = Number(rows[0].headSequence ?? 0);
    const sealed: (IntakeRow & { sequence: number })[] = [];
    const links = { position: [] as string[], sequence: [] as number[], previousHash: [] as string[], hash: [] as string[] };
    const altered: TamperingFinding[] = [];
    for (const { position, headSequence, headHash, contentHash: storedHash, ...content } of rows) {
      sequence += 1;
      const hash = auditEventHash(previousHash, { ...content, sequence });
      const contentHash = auditContentHash(content);
      // Sealed as found, so the chain holds what the database held; the finding records that it changed.
      if (contentHash !== storedHash) altered.push({ eventId: content.id, finding: 'altered in the intake', sequence });
      links.position.push(position);
      links.sequence.push(sequence);
      links.previousHash.push(previousHash);
      links.hash.push(hash);
      sealed.push({ ...content, contentHash, sequence });
      previousHash = hash;
    }
    // Moved inside Postgres, so the chain stores exactly the bytes the intake held.
    const { rows: moved } = await tx.query({ name: 'provenant.audit_intake.seal', text: MOVE_INTO_CHAIN, values: [links.position, links.sequence, links.previousHash, links.hash] });
    // Only a sealer removes intake rows, and it holds the lock; one gone anyway would leave a gap in the sequence.
    if (moved.length !== rows.length) throw new Error(`${rows.length - moved.length} intake row(s) vanished while being sealed; nothing was sealed`);
    return { full: rows.length === SEAL_BATCH, altered, sealed };
  }

  /** Looks up the events of receipts another process sealed, or that vanished; those still in the intake wait for the next round. */
  private async checkReceipts(ids: string[]): Promise<TamperingFinding[]> {
    const findings: TamperingFinding[] = [];
    for (let start = 0; start < ids.length; start += RECEIPT_BATCH) {
      const chunk = ids.slice(start, start + RECEIPT_BATCH);
      const rows: (AuditIntakeContent & { sequence: string | null })[] = await this.dataSource.query(
        `SELECT ${AUDIT_CONTENT_COLUMNS}, sequence FROM audit_event WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT ${AUDIT_CONTENT_COLUMNS}, NULL FROM audit_intake WHERE id = ANY($1::uuid[])`,
        [chunk],
      );
      const found = new Map(rows.map((row) => [row.id, row]));
      for (const id of chunk) {
        const row = found.get(id);
        if (row?.sequence === null) continue;
        findings.push(...this.settle(row ? { ...row, contentHash: auditContentHash(row), sequence: Number(row.sequence) } : null, id));
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
