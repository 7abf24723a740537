import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { holdAgainstCheckpoints, IncrementalAuditVerifier, verifyAuditChain, type AnchoredAuditVerification } from '../../db/audit-log';
import { auditVerifyKey, signAuditCheckpoint, type AuditCheckpoint } from '../../domain/audit-checkpoint';
import { ProvenantError } from '../../domain/errors';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import { readAuditCheckpoints, writeAuditCheckpoint } from '../../storage/audit-checkpoints';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';

/** How often the API signs the chain head: a rewrite of anything older than this is caught. */
export const AUDIT_CHECKPOINT_INTERVAL_MS = 5 * 60_000;

/**
 * Signed checkpoints of the audit chain's head, written to the checkpoint directory (never
 * to Postgres) every AUDIT_CHECKPOINT_INTERVAL_MS and on demand, and the verification that
 * holds the chain against them. Several API processes may share the directory: a head is
 * written once.
 */
@Injectable()
export class AuditCheckpointService implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly auditChain: IncrementalAuditVerifier,
  ) {}

  onModuleInit(): void {
    if (!this.config.auditSigningKey) return;
    this.timer = setInterval(() => {
      this.checkpoint().catch((error: unknown) => logger.warn({ err: error }, 'no audit checkpoint written'));
    }, AUDIT_CHECKPOINT_INTERVAL_MS);
    // A process that has nothing else to do may exit between checkpoints.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Signs the newest event's sequence and hash, after re-hashing what was appended since the
   * last checkpoint: a chain that no longer fits is never signed. Returns the newest
   * checkpoint (the last one when nothing was appended since).
   */
  async checkpoint(): Promise<AuditCheckpoint> {
    const signingKey = this.config.auditSigningKey;
    if (!signingKey) throw new ProvenantError('UNAVAILABLE', 'audit checkpoints are off: set PROVENANT_AUDIT_SIGNING_KEY (64 hex digits) on the API');
    const last = (await readAuditCheckpoints(this.config.auditCheckpointDir, auditVerifyKey(signingKey))).at(-1) ?? null;
    const chain = await verifyAuditChain(this.dataSource, last);
    if (!chain.ok) {
      throw new ProvenantError('CONFLICT', `the audit log no longer fits its chain at sequence ${chain.firstInvalidSequence}; nothing was signed (see verifyAuditLog)`);
    }
    if (chain.lastSequence === null || chain.lastHash === null) throw new ProvenantError('CONFLICT', 'the audit log is empty: there is no chain head to sign yet');
    if (last && chain.lastSequence === last.sequence) return last;
    const checkpoint = signAuditCheckpoint({ sequence: chain.lastSequence, hash: chain.lastHash }, signingKey, new Date());
    await writeAuditCheckpoint(this.config.auditCheckpointDir, checkpoint);
    return checkpoint;
  }

  /**
   * The chain verified (incrementally, unless `full`) and held against every checkpoint this
   * API's key signed (none when no key is set). The checkpoints are read first, so none is
   * newer than the events verified after.
   */
  async verify(throughSequence?: number, full = false): Promise<AnchoredAuditVerification> {
    const checkpoints = this.config.auditSigningKey ? await readAuditCheckpoints(this.config.auditCheckpointDir, auditVerifyKey(this.config.auditSigningKey)) : [];
    const chain = await this.auditChain.verify({ throughSequence, full });
    return holdAgainstCheckpoints(this.dataSource, chain, checkpoints, throughSequence);
  }
}
