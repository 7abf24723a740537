import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Gauge, Histogram, register, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { readPipelineSnapshot, type PipelineSnapshot } from '../../db/measurements';
import { DEPLOY_ENVIRONMENTS } from '../../domain/approval';
import { PIPELINE_STATUSES } from '../../domain/pipeline';
import { DATA_SOURCE } from '../common/injection-tokens';
import { cachedRead, type CacheOptions } from './cached-read';

const NAMES = {
  runs: 'provenant_pipeline_runs',
  gateWait: 'provenant_gate_wait_seconds',
  pending: 'provenant_gates_pending',
  pendingAge: 'provenant_gate_pending_age_seconds',
} as const;

/** From minutes (an approver at hand) to the default three-day deadline and beyond. */
const GATE_WAIT_BUCKETS = [60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86_400, 3 * 86_400, 7 * 86_400];

/**
 * Pipeline runs by status and approval gate waits, derived from Postgres at scrape time (one
 * read per few seconds, see cachedRead), so every API process shows the same numbers whichever
 * worker or API wrote them. The gate
 * histogram is rebuilt from all closed gates each scrape; closed gates never reopen, so its
 * counts only grow, as Prometheus expects. Returns what removes the metrics again.
 */
export function createPipelineGauges(snapshot: () => Promise<PipelineSnapshot>, registry: Registry = register, cache?: CacheOptions): () => void {
  const current = cachedRead<PipelineSnapshot | null>(snapshot, null, 'pipeline runs and gates', cache);
  new Gauge({
    name: NAMES.runs,
    help: 'Pipeline runs by current status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const now = await current();
      this.reset();
      if (now) for (const status of PIPELINE_STATUSES) this.set({ status }, now.runsByStatus[status] ?? 0);
    },
  });
  new Histogram({
    name: NAMES.gateWait,
    help: 'Time from opening to closing of approval gates, by how they closed (APPROVED, REJECTED, EXPIRED, CANCELLED).',
    labelNames: ['status'] as const,
    buckets: GATE_WAIT_BUCKETS,
    registers: [registry],
    async collect() {
      const now = await current();
      this.reset();
      for (const { status, seconds } of now?.closedGateWaits ?? []) this.observe({ status }, seconds);
    },
  });
  /** A gauge per deploy environment over the ages of its pending gates. */
  const pendingGauge = (name: string, help: string, value: (ages: number[]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['environment'] as const,
      registers: [registry],
      async collect() {
        const now = await current();
        this.reset();
        if (!now) return;
        for (const environment of DEPLOY_ENVIRONMENTS) {
          this.set({ environment }, value(now.pendingGateAges.filter((gate) => gate.environment === environment).map((gate) => gate.seconds)));
        }
      },
    });
  pendingGauge(NAMES.pending, 'Approval gates waiting for decisions, by the environment they would deploy to.', (ages) => ages.length);
  pendingGauge(NAMES.pendingAge, 'How long the oldest pending approval gate has been open, by environment (0 when none is).', (ages) =>
    Math.max(0, ...ages),
  );
  return () => Object.values(NAMES).forEach((name) => registry.removeSingleMetric(name));
}

/** The API process's pipeline and gate metrics on the default registry, the one /metrics serves; removed when the API closes. */
@Injectable()
export class PipelineGauges implements OnModuleDestroy {
  private readonly remove: () => void;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.remove = createPipelineGauges(() => readPipelineSnapshot(dataSource));
  }

  onModuleDestroy(): void {
    this.remove();
  }
}
