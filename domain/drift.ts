import type { DeployEnvironment, DeployRequest } from './approval';
import type { ModelTask } from './pipeline';
import type { TaskQueues } from './task-queues';

/**
 * The vocabulary of monitoring: a drift scan compares a reference sample (the scanned
 * model version's training data unless one is named) with a current one (a window of the
 * prediction log, or a dataset version) and stores a DriftReport.
 */

/**
 * What an error-rate drift detector reports after each prediction: NONE (in control),
 * WARNING (the error rate may be changing: start keeping examples for a new model) or
 * DRIFT (it has changed: the detector resets, and the model should be replaced).
 */
export type DriftLevel = 'NONE' | 'WARNING' | 'DRIFT';

export type ColumnKind = 'numeric' | 'categorical';

/** Where a scanned column's kind came from: declared for the model (declareColumnKinds), or inferred from its type in the reference's schema. */
export type ColumnKindSource = 'DECLARED' | 'SCHEMA';

export type DriftTest = 'ks' | 'chi_square' | 'z_test' | 'wasserstein' | 'jensen_shannon' | 'psi' | 'l_infinity';

/** How many values each side of a comparison had, after excluding missing ones. */
export interface SampleSizes {
  referenceSize: number;
  currentSize: number;
  referenceMissing: number;
  currentMissing: number;
}

/** One column's verdict: the test's statistic (and p-value) against its threshold, over how many values. */
export interface ColumnDrift extends SampleSizes {
  column: string;
  test: DriftTest;
  /** KS D, chi-square X², Z-test z, normalised W₁, Jensen–Shannon distance, PSI or L∞. */
  statistic: number;
  /** For ks, chi_square and z_test; null for the distances. */
  pValue: number | null;
  threshold: number;
  /** p < threshold for a test, statistic ≥ threshold for a distance. */
  drifted: boolean;
  /** True when the statistic came from histograms (binnedColumnDrift) rather than the values. */
  binned: boolean;
  /**
   * How far the statistic may be from the one the values themselves give: the exact
   * statistic lies within statistic ± errorBound (for ks, between statistic and
   * statistic + errorBound). 0 when computed from the values or exact counts; absent in
   * results computed before bounds were recorded.
   */
  errorBound?: number;
}

/** What a scan is asked to do; the workflow's only argument, so it must stay serialisable. */
export interface DriftScanInput {
  modelName: string;
  /** The environment whose traffic is scanned; null only when the current sample is a dataset version. */
  environment: DeployEnvironment | null;
  /** Length of the prediction-log window ending when the scan starts, in milliseconds. */
  windowMs: number;
  referenceDatasetVersionId: string | null;
  /** Scan this dataset version instead of the prediction log. */
  currentDatasetVersionId: string | null;
  /** Present values each side needs before a column is tested; absent: MINIMUM_SAMPLE_SIZE. */
  minimumSampleSize?: number;
  /** Who asked: a user name, or `system:schedule` for a scheduled scan. */
  triggeredBy: string;
  scheduleId: string | null;
  taskQueues: TaskQueues;
}

export type CurrentSample =
  | { kind: 'prediction_log'; environment: DeployEnvironment; from: string; to: string; rows: number }
  | { kind: 'dataset_version'; datasetVersionId: string; rows: number; parts?: number; partRows?: number[] };

/**
 * How a scan by parts asks for one part (summariseScanPart): the rows [from, to) of it, or
 * all of it when `rows` is null, summarised with numeric sketches past the exact counts.
 * Scans started before sketches existed ask with no request: exact counts only.
 */
export interface ScanPartRequest {
  rows: { from: number; to: number } | null;
  sketches: true;
}

/** Everything the compute activities need, resolved once by planDriftScan. */
export interface DriftScanPlan {
  /** The scan's workflow id: the drift report's idempotency key. */
  scanId: string;
  modelName: string;
  modelId: string;
  task: ModelTask;
  target: string;
  /** The version whose inputs and outputs are compared: the stable version served in the environment, else the champion. */
  modelVersionId: string;
  modelVersion: number;
  artifactUri: string;
  classLabels: string[];
  /** The running deployment of that version in the environment, if any (lineage: deployment → drift_report). */
  deploymentId: string | null;
  /**
   * `parts`: the files of a version registered as a set of Parquet files (absent for one
   * file); `partRows`: the rows of each file of a Parquet version, by which a scan splits
   * a large one (absent for other formats, and in plans made before it existed).
   */
  reference: { datasetVersionId: string; rows: number; parts?: number; partRows?: number[] };
  current: CurrentSample;
  /** The model's features, with the kind declared for the model, else the one the reference dataset's schema gives them. */
  columns: { name: string; kind: ColumnKind; kindChosenBy?: ColumnKindSource }[];
  /** Present values each side needs before a column is tested; absent in plans made before it existed: MINIMUM_SAMPLE_SIZE. */
  minimumSampleSize?: number;
}

/** Histogram bars for the report's pictures: the same bins on both sides. */
export type DriftHistogram =
  | {
      kind: 'numeric';
      /** Bin boundaries, ascending: bin i is [edges[i], edges[i+1]); values outside go to the first or last bin. */
      edges: number[];
      reference: number[];
      current: number[];
    }
  | {
      kind: 'categorical';
      /** The most frequent categories over both samples (at most 20); the rest are counted as other. */
      categories: string[];
      reference: number[];
      current: number[];
      referenceOther: number;
      currentOther: number;
    };

/** Data-quality drift of one column: missing values and, for categorical columns, categories the reference never had. */
export interface ColumnQuality {
  column: string;
  referenceNullShare: number;
  currentNullShare: number;
  /** The current sample has not a single value of the column (none logged, or every one missing); absent in reports stored before it was recorded. */
  noCurrentValues?: boolean;
  /** Categories present in the current sample but not in the reference, most frequent first (at most 10). */
  unseenCategories: string[];
  /** Share of current non-missing values that are unseen categories. */
  unseenShare: number;
  /** noCurrentValues, or currentNullShare exceeds referenceNullShare by more than NULL_SHARE_TOLERANCE, or unseenShare exceeds UNSEEN_SHARE_TOLERANCE. */
  drifted: boolean;
}

/** Absolute rise in the missing-value share that counts as data-quality drift. */
export const NULL_SHARE_TOLERANCE = 0.05;
/** Share of unseen categories in the current sample that counts as data-quality drift. */
export const UNSEEN_SHARE_TOLERANCE = 0.01;

/**
 * Whether a column's test ran: NOT_ENOUGH_DATA when either sample had fewer present
 * values than the scan's minimum sample size. Such a column has no statistic, never
 * drifts and is left out of the drift share.
 */
export type DriftTestStatus = 'TESTED' | 'NOT_ENOUGH_DATA';

/**
 * Present values each side needs before a column's drift is tested. Evidently tests any
 * sample, down to a single value (two rows make a "drift"); 30 is the customary size at
 * which the tests' large-sample approximations (Kolmogorov's distribution, the normal
 * z, chi-square's) are trusted. A scan may set its own (triggerDriftScan's minimumSampleSize).
 */
export const MINIMUM_SAMPLE_SIZE = 30;

export interface ColumnDriftResult extends ColumnDrift {
  kind: ColumnKind;
  /** Absent in reports stored before kinds could be declared (all were SCHEMA then). */
  kindChosenBy?: ColumnKindSource;
  histogram: DriftHistogram;
  quality: ColumnQuality;
  /** Absent in reports stored before it was recorded: those were all TESTED. */
  status?: DriftTestStatus;
  /** The minimum the scan applied; absent in reports stored before it was recorded. */
  minimumSampleSize?: number;
}

/** A result's status, TESTED for reports stored before statuses were recorded. */
export function driftTestStatus(result: Pick<ColumnDriftResult, 'status'>): DriftTestStatus {
  return result.status ?? 'TESTED';
}

/** Model performance over one time window of labelled predictions. */
export interface PerformanceWindow {
  from: string;
  to: string;
  rows: number;
  /** error_rate for classification, mean_absolute_error for regression. */
  value: number;
}

export interface DetectorOutcome {
  /** The level after the last labelled prediction. */
  level: DriftLevel;
  /** When warnings began and drifts were signalled (the logged_at of the triggering prediction). */
  warnings: string[];
  drifts: string[];
  /** Each drift signal, confirmed or refuted by the window of predictions after it; absent in reports stored before confirmation existed. */
  confirmations?: DriftConfirmation[];
}

export type DriftConfirmationStatus = 'CONFIRMED' | 'NOT_CONFIRMED' | 'PENDING';

/**
 * What the labelled predictions after a drift signal said about it: CONFIRMED when their
 * error rate (mean absolute error for regression) is significantly above the rate from
 * the detector's previous reset up to the signal, NOT_CONFIRMED when it is not, PENDING
 * while fewer than the window's predictions have been labelled after it.
 */
export interface DriftConfirmation {
  /** The logged_at of the prediction that made the detector signal drift. */
  at: string;
  status: DriftConfirmationStatus;
  /** The logged_at of the prediction that completed the window after the signal; null while pending. */
  decidedAt: string | null;
  rowsBefore: number;
  meanBefore: number;
  rowsAfter: number;
  /** Null while no prediction after the signal has been labelled. */
  meanAfter: number | null;
  /** One-sided p-value of a rise; null while pending. */
  pValue: number | null;
}

/**
 * Concept drift over the labelled predictions of the scanned version in the environment,
 * from its first logged prediction to the end of the window, in logged order.
 */
export interface ConceptDriftResult {
  labelledRows: number;
  metric: 'error_rate' | 'mean_absolute_error';
  windows: PerformanceWindow[];
  /** DDM and EDDM watch classification errors; null for regression, which has no error stream of Bernoulli trials. */
  ddm: DetectorOutcome | null;
  eddm: DetectorOutcome | null;
  /** Page–Hinkley watches regression's absolute errors; null for classification, absent in reports stored before it ran. */
  pageHinkley?: DetectorOutcome | null;
  /** The window after each signal that confirms it; absent in reports stored before confirmation existed. */
  confirmationWindow?: { rows: number; significance: number };
}

/** Estimated and, where labels have arrived, realised classification performance over one window of the current sample. */
export interface EstimatedPerformanceWindow {
  /** First and last logged_at of a prediction-log window; null for a dataset version (its windows are runs of rows in file order). */
  from: string | null;
  to: string | null;
  rows: number;
  expectedAccuracy: number;
  expectedMacroF1: number;
  /** Rows of the window with ground truth (a label logged for the prediction, or the dataset's target). */
  labelledRows: number;
  /** Null when no row of the window is labelled yet. */
  realisedAccuracy: number | null;
  realisedMacroF1: number | null;
}

/**
 * Performance estimated without ground truth by confidence-based performance estimation
 * (ml/performance-estimation/cbpe), for classification: the model's probabilities,
 * calibrated on the labelled reference, give the expected accuracy and macro F1 per window.
 */
export interface PerformanceEstimate {
  method: 'CBPE';
  calibration: 'ISOTONIC';
  /** Labelled reference rows the calibration was fitted on. */
  referenceRows: number;
  /** On the reference itself: the estimate against the truth, a check of the calibration's fit. */
  referenceExpectedAccuracy: number;
  referenceRealisedAccuracy: number;
  /** Current rows estimated; answers logged without probabilities are left out and counted. */
  rowsWithoutProbabilities: number;
  windows: EstimatedPerformanceWindow[];
}

/** What the estimate takes for granted; the report states them beside it. */
export const PERFORMANCE_ESTIMATE_ASSUMPTIONS = [
  'No concept drift: P(label | features) is the same in the current sample as in the reference; CBPE sees covariate shift only.',
  "Calibrated probabilities: isotonic regression per class, fitted on the reference's labelled rows, maps scores to the chance of being right; a reference the model was trained on gives optimistic estimates, so name a held-out dataset version as the reference when there is one.",
];

export type RetrainingAction = 'STARTED' | 'SKIPPED' | 'NOT_NEEDED';

export interface RetrainingDecision {
  action: RetrainingAction;
  reason: string;
  /** The confirmation rule a concept-drift trigger was judged by; null when concept drift does not trigger retraining, absent in decisions made before rules existed. */
  conceptDriftConfirmation?: ConceptDriftConfirmationRule | null;
  /** Set when a run was started: the pipeline's workflow id, row id and input. */
  pipelineWorkflowId: string | null;
  pipelineRunId: string | null;
}

/** Every column's drift and the model's output drift of one scan, from one read of each sample (computeScanDrift). */
export interface ScanDrift {
  columns: ColumnDriftResult[];
  predictionDrift: ColumnDriftResult | null;
}

/** What the compute activities found, handed to recordDriftReport. */
export interface DriftFindings {
  columns: ColumnDriftResult[];
  numberOfDriftedColumns: number;
  driftShare: number;
  driftShareThreshold: number;
  datasetDrift: boolean;
  /** Drift of the model's output (label or prediction) between reference and current; null when nothing was scored. */
  predictionDrift: ColumnDriftResult | null;
  /** Null when the current sample is a dataset version (there is no ground truth for it). */
  conceptDrift: ConceptDriftResult | null;
  /** Classification only; absent in reports stored before estimation existed, null for regression or a reference without labels. */
  performanceEstimate?: PerformanceEstimate | null;
}

/** The drift report as stored and returned by the scan workflow. */
export interface DriftReportSummary {
  reportId: string;
  datasetDrift: boolean;
  driftShare: number;
  predictionDrifted: boolean;
  conceptDriftLevel: DriftLevel | null;
}

/**
 * How a concept-drift signal is confirmed before it may start a retraining: a single
 * detector signal is noise more often than not on a stationary stream.
 * - FOLLOWING_WINDOW (default): the labelled predictions after the signal show the rise
 *   (ml/concept-drift/following-window.ts); the scan whose window holds the prediction
 *   that completed that window triggers.
 * - DATA_DRIFT: a signal inside the window, and the same scan found dataset or prediction drift.
 * - SIGNAL_COUNT: at least `confirmationSignals` signals (all detectors together) inside the window.
 */
export type ConceptDriftConfirmationRule = 'FOLLOWING_WINDOW' | 'DATA_DRIFT' | 'SIGNAL_COUNT';

export const DEFAULT_CONCEPT_DRIFT_CONFIRMATION: ConceptDriftConfirmationRule = 'FOLLOWING_WINDOW';
/**
 * SIGNAL_COUNT's default. Counting is a weak confirmation: EDDM signals again and again on
 * long stationary streams, and 65% of 200 seeded stationary streams had 3 signals in some
 * window of 1 000 predictions (docs/drift-and-retraining.md); FOLLOWING_WINDOW is the default rule.
 */
export const DEFAULT_CONFIRMATION_SIGNALS = 3;

/** A retraining policy as stored: when drift should start a new training run, and how it asks to deploy. */
export interface RetrainingPolicy {
  modelName: string;
  enabled: boolean;
  /** Retrain after this many consecutive scans with dataset drift; null = data drift never triggers. */
  consecutiveDriftedScans: number | null;
  /** Retrain on concept drift (DDM, EDDM or Page–Hinkley), once confirmed by `conceptDriftConfirmation`. */
  onConceptDrift: boolean;
  /** What confirms a concept-drift signal before it retrains. */
  conceptDriftConfirmation: ConceptDriftConfirmationRule;
  /** SIGNAL_COUNT: drift signals needed inside one scan's window. */
  confirmationSignals: number;
  /** No new drift-triggered run within this long of the previous one. */
  cooldownMs: number;
  /** The retrained version asks for approval and deployment with this request. */
  deploy: DeployRequest;
  updatedBy: string;
  updatedAt: string;
}

/** What a drift schedule was created with; its live state (paused, next runs) is Temporal's. */
export interface DriftScheduleSpec {
  /** An interval like 1h or 1d, or a cron expression: exactly one is set. */
  every: string | null;
  cron: string | null;
  windowMs: number;
  referenceDatasetVersionId: string | null;
}

/** The actor the audit log names for monitoring's own actions. */
export const DRIFT_MONITOR_ACTOR = 'system:drift-monitor';
/** Who a scheduled scan was triggered by. */
export const SCHEDULE_ACTOR = 'system:schedule';

/** Columns per computeColumnDrift activity, as scans started before the single-read patch fanned out over them. */
export const DRIFT_COLUMNS_PER_ACTIVITY = 8;

/** The HTML page of a drift report, below the API's public URL; alerts link to it. */
export function driftReportUrl(publicUrl: string, reportId: string): string {
  return `${publicUrl}/reports/drift/${reportId}`;
}

export function driftScanWorkflowIdPrefix(modelName: string): string {
  return `drift-scan:${modelName}:`;
}
