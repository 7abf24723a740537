import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Gauge, register, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { DriftLevel } from '../../domain/drift';
import { newestDriftReports, type NewestDriftReport } from '../../db/measurements';
import { DATA_SOURCE } from '../common/injection-tokens';
import { cachedRead, type CacheOptions } from './cached-read';

const LEVEL_VALUE: Record<DriftLevel, number> = { NONE: 0, WARNING: 1, DRIFT: 2 };
const LABELS = ['model', 'environment'] as const;

/**
 * The drift gauges, read from Postgres at scrape time: whichever worker stored a report,
 * and however many API processes are scraped, each shows the newest report per model and
 * environment. All gauges of one scrape share one query, reused for a few seconds (cachedRead). Returns what removes them again.
 */
export function createDriftGauges(newestReports: () => Promise<NewestDriftReport[]>, registry: Registry = register, cache?: CacheOptions): () => void {
  const reports = cachedRead(newestReports, [] as NewestDriftReport[], 'drift reports', cache);
  const names: string[] = [];
  /** A gauge with a series per model and environment, plus the extra labels `series` gives each value. */
  const gauge = (name: string, help: string, series: (report: NewestDriftReport) => { labels?: Record<string, string>; value: number }[], extraLabels: string[] = []) => {
    names.push(name);
    new Gauge({
      name,
      help,
      labelNames: [...LABELS, ...extraLabels],
      registers: [registry],
      async collect() {
        const newest = await reports();
        this.reset();
        for (const report of newest) {
          for (const { labels, value } of series(report)) this.set({ model: report.modelName, environment: report.environment ?? '', ...labels }, value);
        }
      },
    });
  };
  const one = (value: number | null) => (value === null ? [] : [{ value }]);
  gauge('provenant_drift_share', 'Share of columns that drifted in the newest drift report.', (report) => one(report.driftShare));
  gauge('provenant_dataset_drift', 'Whether the newest drift report found dataset drift (1) or not (0).', (report) => one(Number(report.datasetDrift)));
  gauge('provenant_drifted_columns', 'Columns that drifted in the newest drift report.', (report) => one(report.driftedColumns));
  gauge('provenant_prediction_drift', "Whether the model's output drifted (1) or not (0) in the newest drift report, when it scored rows.", (report) =>
    one(report.predictionDrifted === null ? null : Number(report.predictionDrifted)),
  );
  gauge(
    'provenant_concept_drift_level',
    'Concept drift level in the newest drift report, by detector: 0 none, 1 warning, 2 drift.',
    (report) => [
      ...(report.ddmLevel ? [{ labels: { detector: 'ddm' }, value: LEVEL_VALUE[report.ddmLevel] }] : []),
      ...(report.eddmLevel ? [{ labels: { detector: 'eddm' }, value: LEVEL_VALUE[report.eddmLevel] }] : []),
      ...(report.pageHinkleyLevel ? [{ labels: { detector: 'page_hinkley' }, value: LEVEL_VALUE[report.pageHinkleyLevel] }] : []),
    ],
    ['detector'],
  );
  gauge('provenant_drift_report_timestamp_seconds', 'When the newest drift report was stored (Unix time).', (report) => one(report.createdAtSeconds));
  return () => names.forEach((name) => registry.removeSingleMetric(name));
}

/** The API process's drift gauges on the default registry, the one /metrics serves; removed when the API closes. */
@Injectable()
export class DriftGauges implements OnModuleDestroy {
  private readonly remove: () => void;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.remove = createDriftGauges(() => newestDriftReports(dataSource));
  }

  onModuleDestroy(): void {
    this.remove();
  }
}
