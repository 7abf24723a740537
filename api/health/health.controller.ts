import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { pingDatabase } from '../../db/db';
import { probe, PROBE_TIMEOUT_MS } from '../../platform/probe';
import { Public } from '../auth/allow.decorator';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';

/**
 * Liveness and readiness for orchestrators and load balancers. Live only says the
 * process answers, so a Postgres outage does not get every API pod restarted; ready
 * says it can serve requests, so traffic goes elsewhere until both dependencies answer.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 once Postgres and Temporal both answer; 503 naming what is down otherwise. */
  @Get('ready')
  @Public()
  ready(@Res() response: Response): Promise<void> {
    return this.reportReadiness(response);
  }

  /** The original health check, kept for existing probes: the same as `/health/ready`. */
  @Get()
  @Public()
  health(@Res() response: Response): Promise<void> {
    return this.reportReadiness(response);
  }

  private async reportReadiness(response: Response): Promise<void> {
    const [postgres, temporal] = await Promise.all([
      probe(() => pingDatabase(this.dataSource)),
      // The deadline also ends the client's retries of the call, so a probe leaves nothing running once it answers.
      probe(() => this.temporal.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => this.temporal.workflowService.getSystemInfo({}))),
    ]);
    const ok = postgres === 'up' && temporal === 'up';
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', postgres, temporal });
  }
}
