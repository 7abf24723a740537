import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import { verifyAuditLog } from '../../db/audit-log';
import { AuditEventEntity } from '../../db/entities';
import { badInput } from '../../domain/errors';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { checkPageSize, decodeCursor, encodeCursor } from '../common/connection';
import { DATA_SOURCE } from '../common/injection-tokens';
import { AuditEventConnection, AuditEventFilter, AuditVerificationType } from './audit.types';

@Resolver()
export class AuditResolver {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Query(() => AuditEventConnection, { description: 'Newest first; the cursor is a chain position, stable under appends.' })
  @Allow(...ALL_ROLES)
  async auditEvents(
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter: AuditEventFilter | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditEventConnection> {
    const query = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .orderBy('e.sequence', 'DESC')
      .take(checkPageSize(first) + 1);
    if (filter?.subjectId) query.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter?.actor) query.andWhere('e.actor = :actor', { actor: filter.actor });
    if (filter?.action) query.andWhere('e.action = :action', { action: filter.action });
    if (after) {
      const sequence = Number(decodeCursor(after));
      if (!Number.isSafeInteger(sequence)) throw badInput('after', 'is not a cursor this API returned');
      query.andWhere('e.sequence < :sequence', { sequence });
    }
    const rows = await query.getMany();
    const edges = rows.slice(0, first).map((node) => ({ node, cursor: encodeCursor(String(node.sequence)) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => AuditVerificationType, { description: 'Re-hashes the whole chain and names the first event that does not fit.' })
  @Allow('ops', 'admin')
  verifyAuditLog(): Promise<AuditVerificationType> {
    return verifyAuditLog(this.dataSource);
  }
}
