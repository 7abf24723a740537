import type { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity } from './entities';
import { GENESIS_HASH, auditEventHash } from './audit-hash';

export interface AuditEventInput {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
  /** Makes the append idempotent: a retried activity cannot log the same fact twice. */
  idempotencyKey?: string;
}

/** Any constant works; it only has to be the same for every writer. */
const AUDIT_CHAIN_LOCK = 0x70726f76;

/**
 * Appends one event to the hash chain. Must run inside a transaction: the advisory
 * lock, held until commit, serialises writers so two of them can never both chain
 * onto the same predecessor and fork the log.
 */
export async function appendAuditEvent(manager: EntityManager, input: AuditEventInput): Promise<AuditEventEntity> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAuditEvent must be called inside a transaction');
  }
  await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const repository = manager.getRepository(AuditEventEntity);
  if (input.idempotencyKey) {
    const existing = await repository.findOneBy({ idempotencyKey: input.idempotencyKey });
    if (existing) return existing;
  }
  const [last] = await repository.find({ order: { sequence: 'DESC' }, take: 1 });
  const previousHash = last?.hash ?? GENESIS_HASH;
  const content = {
    sequence: (last?.sequence ?? 0) + 1,
    occurredAt: new Date(),
    actor: input.actor,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    // Round-trip through JSON so what is hashed is exactly what jsonb will give back.
    payload: JSON.parse(JSON.stringify(input.payload ?? {})) as Record<string, unknown>,
  };
  return repository.save(
    repository.create({
      ...content,
      idempotencyKey: input.idempotencyKey ?? null,
      previousHash,
      hash: auditEventHash(previousHash, content),
    }),
  );
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
export async function verifyAuditLog(dataSource: DataSource, throughSequence?: number): Promise<AuditVerification> {
  const repository = dataSource.getRepository(AuditEventEntity);
  let previousHash = GENESIS_HASH;
  let expectedSequence = 1;
  let checked = 0;
  const result = (firstInvalidSequence: number | null): AuditVerification => ({
    ok: firstInvalidSequence === null,
    checked,
    firstInvalidSequence,
    lastSequence: checked > 0 ? expectedSequence - 1 : null,
    lastHash: checked > 0 ? previousHash : null,
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
      checked += 1;
    }
    if (page.length < VERIFY_PAGE_SIZE) return result(null);
  }
}
