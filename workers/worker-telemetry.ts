import { ConfigError, type Config } from '../platform/config';
import { freePort } from '../platform/free-port';
import type { Logger } from '../platform/logger';
import { startTracing, type Tracing } from '../platform/tracing';
import { startWorkerMetricsServer } from './metrics-server';
import { MetricsAccess } from '../platform/auth/metrics-access';
import { TokenRegistry } from '../platform/auth/token-registry';
import { installTemporalRuntime } from './temporal-runtime';
import { createWorkerMetrics, type WorkerMetrics } from './worker-metrics';

export interface WorkerTelemetry {
  metrics: WorkerMetrics;
  /** Null unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing: Tracing | null;
  /** Where `/metrics` listens; null when PROVENANT_WORKER_METRICS_PORT is 0. */
  metricsPort: number | null;
  /** Stops the metrics server and sends the spans still batched. */
  close(): Promise<void>;
}

/**
 * Installs the Temporal runtime (with the SDK's Prometheus exporter when metrics are on),
 * starts tracing and the worker's `/metrics`, as configured. Call it before the first
 * native connection: the runtime can only be installed once per process.
 */
export async function startWorkerTelemetry(config: Config, logger: Logger): Promise<WorkerTelemetry> {
  const metrics = createWorkerMetrics();
  const tracing = startTracing(config, 'provenant-worker');
  if (config.workerMetricsPort === 0) {
    installTemporalRuntime();
    return { metrics, tracing, metricsPort: null, close: async () => tracing?.shutdown() };
  }
  const sdkMetricsAddress = `127.0.0.1:${await freePort()}`;
  installTemporalRuntime({ sdkMetricsAddress });
  const server = await startWorkerMetricsServer({
    host: config.host,
    port: config.workerMetricsPort,
    registry: metrics.registry,
    access: new MetricsAccess(new TokenRegistry(config.apiTokens), config.metricsToken),
    sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics`,
    logger,
  }).catch((error: NodeJS.ErrnoException) => {
    // The usual cause: a second worker on the machine with the default port.
    if (error.code !== 'EADDRINUSE') throw error;
    throw new ConfigError('PROVENANT_WORKER_METRICS_PORT', `port ${config.workerMetricsPort} is in use: give this worker another port, or 0 to turn its /metrics off`);
  });
  logger.info({ url: `http://${config.host}:${server.port}/metrics` }, 'worker metrics listening');
  return {
    metrics,
    tracing,
    metricsPort: server.port,
    async close() {
      await server.close();
      await tracing?.shutdown();
    },
  };
}
