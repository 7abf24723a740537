import { Controller, Get, Header } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { Public } from '../auth/allow.decorator';

// Process metrics (CPU, memory, event loop lag, GC) beside the API's own counters.
collectDefaultMetrics();

/** Prometheus scrape endpoint of the API process; open like /health, for the scraper inside the network. */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Public()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
