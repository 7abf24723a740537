import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { auditExportLines, planAuditExport } from '../../db/audit-export';
import type { Principal } from '../../domain/roles';
import { logger } from '../../platform/logger';
import { ProvenantHttpErrorFilter } from '../artifacts/http-error.filter';
import { Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DATA_SOURCE } from '../common/injection-tokens';
import { streamToResponse } from '../common/stream-to-response';
import { auditExportRange } from './audit-export-request';

/**
 * `GET /audit/export?since=&until=`: a stretch of the audit log as JSON lines with its
 * hashes, for a third party to verify offline with scripts/verify-audit-export.mjs.
 */
@Controller('audit')
@UseFilters(ProvenantHttpErrorFilter)
export class AuditExportController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get('export')
  @Allow('ops', 'admin')
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query('since') since: unknown,
    @Query('until') until: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const exportedAt = new Date();
    const plan = await planAuditExport(this.dataSource, auditExportRange(since, until, exportedAt));
    const context = { actor: principal.name, since: plan.since, until: plan.until, firstSequence: plan.firstSequence, lastSequence: plan.lastSequence };
    logger.info(context, 'audit log export started');
    response.set({
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="provenant-audit-${plan.firstSequence ?? 0}-${plan.lastSequence ?? 0}.ndjson"`,
      'Cache-Control': 'no-store',
    });
    // One batch of lines in hand at a time: a slow client holds the cursor back, not memory.
    // A failure part-way leaves a file the verifier reports as truncated or malformed.
    const lines = Readable.from(auditExportLines(this.dataSource, plan, exportedAt), { highWaterMark: 1 });
    streamToResponse(lines, response, 'audit export', context);
  }
}
