import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/allow.decorator';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';

type Check = 'up' | 'down';

/** 200 once Postgres and Temporal both answer; 503 naming what is down otherwise. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  @Public()
  async health(@Res() response: Response): Promise<void> {
    const [postgres, temporal] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const ok = postgres === 'up' && temporal === 'up';
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', postgres, temporal });
  }
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return 'up';
  } catch {
    return 'down';
  }
}
