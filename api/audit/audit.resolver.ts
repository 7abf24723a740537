import { Inject } from '@nestjs/common';
import { Args, Float, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import { auditExportEventCount, planAuditExport } from '../../db/audit-export';
import { listAuditEvents } from '../../db/audit-log';
import { badInput } from '../../domain/errors';
import type { Config } from '../../platform/config';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { checkPageSize, decodeCursor, encodeCursor } from '../common/connection';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import { AuditCheckpointService } from './audit-checkpoints.service';
import { auditExportRange, auditExportUrl } from './audit-export-request';
import { AuditCheckpointType, AuditEventConnection, AuditEventFilter, AuditExportType, AuditVerificationType } from './audit.types';

@Resolver()
export class AuditResolver {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  @Query(() => AuditEventConnection, { description: 'Newest first; the cursor is a chain position, stable under appends.' })
  @Allow(...ALL_ROLES)
  async auditEvents(
    @Args('filter', { type: () => AuditEventFilter, nullable: true, description: 'Only events matching every condition given; null: all.' })
    filter: AuditEventFilter | null,
    @Args('first', { type: () => Int, defaultValue: 50, description: 'Page size, 1 to 500.' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page; null for the newest events.' }) after: string | null,
  ): Promise<AuditEventConnection> {
    const limit = checkPageSize(first) + 1;
    if (filter?.since && filter?.until && filter.since >= filter.until) throw badInput('filter.until', 'must be later than filter.since');
    let before: number | null = null;
    if (after) {
      before = Number(decodeCursor(after));
      if (!Number.isSafeInteger(before)) throw badInput('after', 'is not a cursor this API returned');
    }
    const rows = await listAuditEvents(this.dataSource, filter ?? {}, limit, before);
    const edges = rows.slice(0, first).map((node) => ({ node, cursor: encodeCursor(String(node.sequence)) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => AuditVerificationType, {
    description:
      'Verifies the hash chain (through `throughSequence`, default the newest), holds it against the signed checkpoints, and names the first event that does not fit or that no checkpoint vouches for any more. Re-hashes only the events appended since the last call (and the newest one verified then) unless `full` is true.',
  })
  @Allow('ops', 'admin')
  verifyAuditLog(
    @Args('throughSequence', { type: () => Float, nullable: true, description: 'Verify up to this event; null: through the newest.' })
    throughSequence: number | null | undefined,
    @Args('full', { type: () => Boolean, defaultValue: false, description: 'true: re-hash the whole chain from the first event instead of only what was appended since the last verification.' })
    full: boolean,
  ): Promise<AuditVerificationType> {
    if (throughSequence === null || throughSequence === undefined) return this.checkpoints.verify(undefined, full);
    if (!Number.isSafeInteger(throughSequence) || throughSequence < 1) throw badInput('throughSequence', 'must be a positive integer');
    return this.checkpoints.verify(throughSequence, full);
  }

  @Mutation(() => AuditCheckpointType, {
    description: 'Signs the chain head now (the API also does every 5 minutes) into the checkpoint directory, outside the database.',
  })
  @Allow('ops', 'admin')
  checkpointAuditLog(): Promise<AuditCheckpointType> {
    return this.checkpoints.checkpoint();
  }

  @Query(() => AuditExportType, {
    description: 'The events that occurred from `since` (inclusive, default the first) to `until` (exclusive, default now) and the link that streams them as JSON lines with their hashes.',
  })
  @Allow('ops', 'admin')
  async exportAuditLog(
    @Args('since', { type: () => String, nullable: true, description: 'ISO 8601, e.g. 2025-01-31 or 2025-01-31T09:30:00Z' }) since: string | null | undefined,
    @Args('until', { type: () => String, nullable: true, description: 'ISO 8601' }) until: string | null | undefined,
  ): Promise<AuditExportType> {
    const plan = await planAuditExport(this.dataSource, auditExportRange(since, until, new Date()));
    return {
      url: auditExportUrl(this.config.publicUrl, plan),
      since: plan.since,
      until: plan.until,
      firstSequence: plan.firstSequence,
      lastSequence: plan.lastSequence,
      events: auditExportEventCount(plan),
    };
  }
}
