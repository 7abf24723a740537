import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Stands for every model name no route serves, so unknown names cannot blow up label cardinality. */
export const UNROUTED_MODEL = '(unrouted)';

export interface ServingMetrics {
  registry: Registry;
  /** By model, version number, role and HTTP status. */
  requests: Counter<'model' | 'version' | 'role' | 'status'>;
  /** Scoring time of answered requests. */
  latency: Histogram<'model' | 'version' | 'role'>;
  predictionLogDropped: Counter;
}

/** A registry per server, so servers started side by side in one process (tests) keep their own counts. */
export function createServingMetrics(bufferedRows: () => number): ServingMetrics {
  const registry = new Registry();
  // CPU, memory, event loop lag and GC of the serving process, as the API and workers report theirs.
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'provenant_serving_requests_total',
    help: 'Inference requests, by model, version, role (stable, canary, shadow, pinned) and HTTP status.',
    labelNames: ['model', 'version', 'role', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'provenant_serving_latency_seconds',
    help: 'Time to score an inference request, from parsed body to outputs.',
    labelNames: ['model', 'version', 'role'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const predictionLogDropped = new Counter({
    name: 'provenant_prediction_log_dropped_total',
    help: 'Prediction log rows dropped because Postgres refused them for so long that the buffer filled.',
    registers: [registry],
  });
  new Gauge({
    name: 'provenant_prediction_log_buffered_rows',
    help: 'Prediction log rows waiting to be written.',
    registers: [registry],
    collect() {
      this.set(bufferedRows());
    },
  });
  return { registry, requests, latency, predictionLogDropped };
}
