import { Controller, Get, Header, Param, UseFilters } from '@nestjs/common';
import { AcceptsSessionCookie, ALL_ROLES, Allow } from '../auth/allow.decorator';
import { SignInRedirectFilter } from '../auth/sign-in-redirect.filter';
import { DriftReportsService } from './drift-reports.service';
import { renderDriftReportPage } from './drift-report-page';

/** The page has no script and loads nothing, so the policy forbids both: a forged report still could not run code. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Drift reports as HTML pages, for anyone holding a token (as artifact downloads), or
 * signed in to the web UI in this browser: `reportUrl` and the Slack alert's link open
 * as pages, and a browser not signed in is sent to sign in first.
 */
@Controller('reports/drift')
@AcceptsSessionCookie()
@UseFilters(SignInRedirectFilter)
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
