import { Controller, Get, Header, Param, UseFilters } from '@nestjs/common';
import { ProvenantHttpErrorFilter } from '../artifacts/http-error.filter';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { DriftReportsService } from './drift-reports.service';
import { renderDriftReportPage } from './drift-report-page';

/** The page has no script and loads nothing, so the policy forbids both: a forged report still could not run code. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Drift reports as HTML pages, for anyone holding a token (as artifact downloads). */
@Controller('reports/drift')
@UseFilters(ProvenantHttpErrorFilter)
export class DriftReportController {
  constructor(private readonly reports: DriftReportsService) {}

  @Get(':id')
  @Allow(...ALL_ROLES)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-cache')
  async page(@Param('id') id: string): Promise<string> {
    return renderDriftReportPage(await this.reports.get(id));
  }
}
