import type { Metrics } from './pipeline';

export const GATE_OPS = ['GTE', 'LTE'] as const;
export type GateOp = (typeof GATE_OPS)[number];

/** A threshold a metric (or a fairness measure) must meet before a model may ask for approval. */
export interface QualityGate {
  metric: string;
  op: GateOp;
  value: number;
}

/** The candidate must beat the current champion on `metric` by at least `minDelta`. */
export interface ChampionRule {
  metric: string;
  minDelta: number;
}

export interface GateResult {
  gate: string;
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
  /** Gate-able summary measures, e.g. demographicParityDifference. */
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
  gates: GateResult[];
  gatesPassed: boolean;
}
