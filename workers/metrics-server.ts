import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { MetricsAccess } from '../platform/auth/metrics-access';
import type { Logger } from '../platform/logger';

export interface WorkerMetricsServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  registry: Registry;
  /** Who may scrape: the scrape token, or an ops or admin API token. */
  access: MetricsAccess;
  /** The Temporal SDK's own Prometheus exporter, on loopback. */
  sdkMetricsUrl: string;
  logger: Logger;
}

export interface WorkerMetricsServer {
  port: number;
  close(): Promise<void>;
}

const SDK_SCRAPE_TIMEOUT_MS = 2000;

/**
 * `GET /metrics` of a worker process: its own registry followed by the Temporal SDK's
 * metrics, fetched from the SDK's exporter, so Prometheus scrapes one target per worker
 * and the SDK's port never has to leave the machine.
 */
export async function startWorkerMetricsServer(options: WorkerMetricsServerOptions): Promise<WorkerMetricsServer> {
  const log = options.logger.child({ component: 'worker-metrics' });
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('this port serves GET /metrics only\n');
      return;
    }
    const refusal = options.access.refusal(request.headers.authorization);
    if (refusal) {
      response.writeHead(refusal.code === 'UNAUTHENTICATED' ? 401 : 403, { 'content-type': 'text/plain' });
      response.end(`${refusal.message}\n`);
      return;
    }
    void scrape(options, log).then(
      (text) => {
        response.writeHead(200, { 'content-type': options.registry.contentType });
        response.end(text);
      },
      (error: unknown) => {
        log.error({ err: error }, 'collecting worker metrics failed');
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('collecting metrics failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function scrape(options: WorkerMetricsServerOptions, log: Logger): Promise<string> {
  const [own, sdk] = await Promise.all([options.registry.metrics(), sdkMetrics(options.sdkMetricsUrl, log)]);
  return `${own}\n${sdk}`;
}

/** The SDK's exposition text; when it cannot be had, a comment saying why, so our own metrics are still scraped. */
async function sdkMetrics(url: string, log: Logger): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    log.warn({ err: error, url }, 'the Temporal SDK metrics exporter did not answer');
    return `# Temporal SDK metrics unavailable: ${(error as Error).message}\n`;
  }
}
