import type { EvaluationResult, Metrics } from './pipeline';

export const QUALITY_CHECK_OPS = ['GTE', 'LTE'] as const;
export type QualityCheckOp = (typeof QUALITY_CHECK_OPS)[number];

/** A threshold a metric (or a fairness measure) must meet before a model may ask for approval. */
export interface QualityCheck {
  metric: string;
  op: QualityCheckOp;
  value: number;
}

/** The candidate must beat the current champion on `metric` by at least `minDelta`. */
export interface ChampionRule {
  metric: string;
  minDelta: number;
}

export interface QualityCheckResult {
  /** The check as a person reads it, e.g. `accuracy >= 0.8`. */
  check: string;
  metric: string;
  observed: number | null;
  required: number;
  passed: boolean;
  message: string;
}

export interface ChampionComparison {
  championVersionId: string;
  championVersion: number;
  championMetrics: Metrics;
  /** candidate − champion for every metric both report. */
  deltas: Metrics;
}

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  rocAuc: number | null;
}

export interface GroupReport {
  group: string;
  count: number;
  metrics: Metrics;
}

export interface FairnessReport {
  sensitiveFeature: string;
  favorableLabel: string | null;
  groups: GroupReport[];
  /** Summary measures quality checks may name, e.g. demographicParityDifference. */
  measures: Metrics;
}

export interface FeatureImportance {
  feature: string;
  mean: number;
  std: number;
}

/** Everything the evaluate stage learns about a candidate model on the test split. */
export interface EvaluationReportData {
  testRowCount: number;
  metrics: Metrics;
  classLabels: string[];
  perClass: ClassReport[];
  confusionMatrix: number[][] | null;
  residualQuantiles: { p: number; value: number }[] | null;
  champion: ChampionComparison | null;
  /** Why there is no comparison although a champion exists, e.g. it needs a column this dataset lacks. */
  championSkipped: string | null;
  fairness: FairnessReport | null;
  importance: FeatureImportance[];
  qualityChecks: QualityCheckResult[];
  qualityChecksPassed: boolean;
}

/**
 * An evaluate stage's report as runs returned it before quality checks were renamed from
 * quality gates: `gates` and `gatesPassed`, each result naming its `gate`. Workflow
 * histories keep these results for good, so runs replayed or resumed from them carry it.
 */
export type RecordedGateReport = Omit<EvaluationReportData, 'qualityChecks' | 'qualityChecksPassed'> & {
  gates: (Omit<QualityCheckResult, 'check'> & { gate: string })[];
  gatesPassed: boolean;
};

/**
 * The report of an evaluate stage in today's names, whichever names it was recorded under;
 * null for runs recorded before evaluation reports, which carry headline metrics only.
 */
export function evaluationReportOf(evaluation: EvaluationResult | EvaluationReportData | RecordedGateReport): EvaluationReportData | null {
  if ('qualityChecks' in evaluation) return evaluation;
  if (!('gates' in evaluation)) return null;
  const { gates, gatesPassed, ...report } = evaluation;
  return { ...report, qualityChecks: gates.map(({ gate, ...result }) => ({ check: gate, ...result })), qualityChecksPassed: gatesPassed };
}
