import { Controller, Get, Headers, Inject, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { collectDefaultMetrics, register } from 'prom-client';
import { ProvenantError } from '../../domain/errors';
import { MetricsAccess } from '../../platform/auth/metrics-access';
import { TokenRegistry } from '../../platform/auth/token-registry';
import type { Config } from '../../platform/config';
import { ProvenantHttpErrorFilter } from '../artifacts/http-error.filter';
import { Public } from '../auth/allow.decorator';
import { CONFIG } from '../common/injection-tokens';

// Process metrics (CPU, memory, event loop lag, GC) beside the API's own counters.
collectDefaultMetrics();

/**
 * Prometheus scrape endpoint of the API process. Not @Allow'ed by role: besides ops and admin
 * tokens it takes the scrape token, which is no principal and opens nothing else.
 */
@Controller('metrics')
@UseFilters(ProvenantHttpErrorFilter)
export class MetricsController {
  private readonly access: MetricsAccess;

  constructor(tokens: TokenRegistry, @Inject(CONFIG) config: Config) {
    this.access = new MetricsAccess(tokens, config.metricsToken);
  }

  @Get()
  @Public()
  metrics(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: Response): Promise<string> {
    const refusal = this.access.refusal(authorization);
    if (refusal) throw new ProvenantError(refusal.code, refusal.message);
    response.setHeader('Content-Type', register.contentType);
    return register.metrics();
  }
}
