/**
 * What Provenant's GraphQL API answers and accepts, written by hand from its schema so a
 * client needs nothing but these interfaces. Times arrive as ISO 8601 strings; JSON
 * fields arrive as parsed JSON.
 */

import type { GateEvidence } from '../domain/approval';
import type { QualityCheckResult } from '../domain/evaluation';
import type { TrafficRoute as DomainTrafficRoute } from '../domain/deployment';
import type { Reproducibility } from '../domain/pipeline';

// The evidence and check results travel as the server's own domain types, unchanged.
export type { GateEvidence, QualityCheckResult };

/** An ISO 8601 instant, e.g. 2025-01-31T09:30:00.000Z. */
export type DateTime = string;

export type ModelTask = 'CLASSIFICATION' | 'REGRESSION';
export type PipelineStatus =
  | 'RUNNING'
  | 'AWAITING_APPROVAL'
  | 'DEPLOYING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED'
  | 'QUALITY_CHECKS_FAILED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'ROLLED_BACK';
export type StageStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';
export type DeployEnvironment = 'STAGING' | 'PRODUCTION';
export type GateStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED' | 'CANCELLED';
export type Decision = 'APPROVE' | 'REJECT';
export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';
export type TuningStrategy = 'GRID' | 'RANDOM';
export type ObjectiveGoal = 'MAXIMIZE' | 'MINIMIZE';
export type QualityCheckOp = 'GTE' | 'LTE';
export type DatasetUsage = 'TRAINING' | 'EVALUATION' | 'DRIFT_REFERENCE' | 'DRIFT_CURRENT';

/** One page of a list the API serves newest first; pass `endCursor` as `after` for the next. */
export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface PageRequest {
  /** Page size (the API's default when left out). */
  first?: number;
  after?: string | null;
}

// ---- Pipelines ----

export interface StartPipelineInput {
  modelName: string;
  datasetVersionId: string;
  target: string;
  features: string[];
  task: ModelTask;
  /** learningRate, maxIterations, l2, tolerance. */
  hyperparameters?: Record<string, number>;
  /** Seed of the train/test split (default 42). */
  seed?: number;
  /** Share of rows held out for evaluation (default 0.2). */
  testFraction?: number;
  /** Identical inputs name the same run; a new runKey starts a fresh one. */
  runKey?: string;
  expectations?: ColumnExpectationInput[];
  /** builtin:logistic-regression, builtin:linear-regression (the defaults) or a registered trainer. */
  trainer?: string;
  crossValidation?: { folds: number };
  tuning?: TuningInput;
  /** A miss ends the run QUALITY_CHECKS_FAILED; no approval is requested. */
  qualityChecks?: { metric: string; op: QualityCheckOp; value: number }[];
  mustBeatChampion?: { metric: string; minDelta: number };
  sensitiveFeature?: string;
  favorableLabel?: string;
  /** Ask for approval once the model passes its quality checks; without it the run ends after registration. */
  deploy?: DeployInput;
}

export interface ColumnExpectationInput {
  column: string;
  type?: string;
  nullable?: boolean;
  min?: number;
  max?: number;
  allowedValues?: unknown[];
  unique?: boolean;
}

export interface TuningInput {
  strategy: TuningStrategy;
  /** Per hyperparameter: a list of values (GRID, RANDOM) or {min, max, scale: LINEAR|LOG, integer} (RANDOM). */
  space: Record<string, unknown>;
  maxTrials: number;
  parallelism?: number;
  objective: { metric: string; goal: ObjectiveGoal; target?: number };
}

export interface DeployInput {
  environment: DeployEnvironment;
  /** Distinct approvals needed (default 1 for STAGING, 2 for PRODUCTION). */
  requiredApprovals?: number;
  /** Only these people may decide. */
  approvers?: string[];
  /** e.g. "4h" */
  remindAfter?: string;
  /** e.g. "3d" */
  expiresAfter?: string;
  canary?: {
    steps?: number[];
    observationWindow?: string;
    maxErrorRate?: number;
    maxLatencyRatio?: number;
    maxPredictionShift?: number;
    minRequests?: number;
  };
}

export interface PipelineStage {
  name: string;
  status: StageStatus;
  /** More than 1 means the stage was retried. */
  attempts: number;
  startedAt: DateTime | null;
  finishedAt: DateTime | null;
  error: string | null;
}

/** The gate of a run as the run shows it; `approvalGate(id)` has the rest. */
export interface PipelineRunGate {
  id: string;
  environment: DeployEnvironment;
  status: GateStatus;
  requiredApprovals: number;
  deadline: DateTime;
}

export interface PipelineRun {
  id: string;
  workflowId: string;
  modelName: string;
  datasetVersionId: string;
  status: PipelineStatus;
  currentStage: string;
  stages: PipelineStage[];
  error: string | null;
  requestedBy: string;
  createdAt: DateTime;
  finishedAt: DateTime | null;
  modelVersion: { id: string; version: number } | null;
  approvalGate: PipelineRunGate | null;
  validationReportId: string | null;
  /** Link to the run's workflow in the Temporal UI. */
  temporalUiUrl: string;
}

// ---- Approvals ----

export interface GateDecision {
  actor: string;
  decision: Decision;
  comment: string | null;
  /** graphql or slack */
  channel: string;
  decidedAt: DateTime;
}

/** What a gate asks people to approve: a model version, or whatever a user's own workflow names. */
export interface ApprovalSubject {
  /** 'model_version' for model releases; other kinds for gates requested from users' own workflows. */
  kind: string;
  id: string;
  title: string;
  url: string | null;
}

export interface EvidenceLink {
  label: string;
  url: string;
}

export interface ApprovalGate {
  id: string;
  /** The workflow holding the gate: decisions are sent to it. */
  workflowId: string;
  /** The version a model release gate guards; null for other subjects. */
  modelVersionId: string | null;
  /** The environment a model release asks for; null for other subjects. */
  environment: DeployEnvironment | null;
  status: GateStatus;
  requiredApprovals: number;
  /** Named approvers; empty means anyone with the approver or admin role. */
  approvers: string[];
  /** Who asked (who started the run, for a model release); they may not decide the gate. */
  requestedBy: string;
  /** For a model release (subject kind 'model_version'): metrics, champion comparison, quality checks, validation, fairness, importance, lineage link; null otherwise. */
  evidence: GateEvidence | null;
  deadline: DateTime;
  remindedAt: DateTime | null;
  decisions: GateDecision[];
  createdAt: DateTime;
  closedAt: DateTime | null;
  subject: ApprovalSubject;
  /** The approval policy the gate follows (the one its requester named, or the one governing the model release); null without one. */
  policy: string | null;
  /** The version of that policy the gate applied. */
  policyVersion: number | null;
  /** Holders of these roles may decide (or the people in policyApprovers); both empty: anyone with an approver role. */
  approverRoles: ApproverRole[];
  /** The people the policy lets decide (or holders of approverRoles). */
  policyApprovers: string[];
  /** People who may never decide: the policy's exclusions and, for a drift-triggered run, whoever last set the retraining policy. */
  excludedApprovers: string[];
  /** How long the gate may stay open as its policy left it, e.g. "2d" (it expires at `deadline`); null without a policy. */
  expiresAfter: string | null;
  evidenceLinks: EvidenceLink[];
}

/** A role an approval policy can let decide gates. */
export type ApproverRole = 'APPROVER' | 'ADMIN';

export interface ApprovalGateFilter extends PageRequest {
  status?: GateStatus;
}

export interface DecideApprovalInput {
  gateId: string;
  decision: Decision;
  /** Required to reject. */
  comment?: string | null;
}

// ---- Registry ----

export interface ModelVersion {
  id: string;
  modelName: string;
  version: number;
  /** Held-out metrics, e.g. {"accuracy": 0.97}. */
  metrics: Record<string, number>;
  artifactUri: string;
  artifactSha256: string;
  /** The aliases of the model that point at this version now. */
  aliases: string[];
  target: string;
  features: string[];
  classLabels: string[];
  hyperparameters: Record<string, number>;
  datasetVersionId: string;
  pipelineRunId: string | null;
  createdAt: DateTime;
  tags: { key: string; value: string; setBy: string; setAt: DateTime }[];
}

export interface Model {
  id: string;
  name: string;
  task: ModelTask;
  createdAt: DateTime;
  aliases: { alias: string; version: number; setBy: string; setAt: DateTime }[];
  versions: ModelVersion[];
}

// ---- Lineage and provenance ----

export interface LineageGraph {
  /** kind: dataset_version, pipeline_run, model_version, … */
  nodes: { id: string; kind: string; label: string }[];
  edges: { from: string; to: string; relation: string }[];
}

/** Every fact of a provenance record names the audit events that record it, oldest first. */
interface Audited {
  auditEventIds: string[];
}

export interface NamedNumber {
  name: string;
  value: number;
}

export interface ValidationCheck {
  name: string;
  column: string | null;
  observed: unknown;
  threshold: unknown;
  status: string;
  message: string;
}

export interface Provenance {
  modelVersion: Audited & { id: string; modelName: string; version: number; artifactSha256: string; registeredAt: DateTime };
  /** Every dataset version the model version was trained, evaluated or scanned for drift on. */
  data: (Audited & {
    datasetVersionId: string;
    datasetName: string;
    version: number;
    contentSha256: string;
    rowCount: number;
    format: string;
    sourceUri: string;
    registeredBy: string;
    registeredAt: DateTime;
    usedAs: DatasetUsage[];
  })[];
  /** The run that trained (or imported) the version. */
  pipelineRun: (Audited & { id: string; workflowId: string; status: PipelineStatus; requestedBy: string; startedAt: DateTime; finishedAt: DateTime | null }) | null;
  code: (Audited & Pick<Reproducibility, 'trainer' | 'trainerVersion' | 'gitCommit' | 'nodeVersion' | 'onnxruntimeVersion' | 'provenantVersion'>) | null;
  parameters: (Audited & {
    hyperparameters: NamedNumber[];
    requestedHyperparameters: NamedNumber[];
    seed: number;
    testFraction: number;
    crossValidationFolds: number | null;
    tuning: {
      strategy: TuningStrategy;
      objectiveMetric: string;
      objectiveGoal: ObjectiveGoal;
      maxTrials: number;
      trials: number;
      succeededTrials: number;
      failedTrials: number;
      bestValue: number | null;
    } | null;
  }) | null;
  validation: (Audited & { reportId: string; status: string; failingChecks: ValidationCheck[]; warningChecks: ValidationCheck[] }) | null;
  evaluation: (Audited & {
    reportId: string;
    testRowCount: number;
    metrics: NamedNumber[];
    qualityChecksPassed: boolean;
    qualityChecks: QualityCheckResult[];
    champion: {
      championVersionId: string;
      championVersion: number;
      metrics: { metric: string; candidate: number; champion: number; delta: number }[];
    } | null;
    championSkipped: string | null;
  }) | null;
  approvalGates: (Audited & {
    id: string;
    environment: DeployEnvironment;
    status: GateStatus;
    requiredApprovals: number;
    requestedBy: string;
    openedAt: DateTime;
    closedAt: DateTime | null;
    /** In the order they were made. */
    decisions: (Audited & GateDecision)[];
  })[];
  /** Oldest first. */
  deployments: (Audited & {
    id: string;
    environment: DeployEnvironment;
    /** CANARY, PROMOTE or ROLLBACK */
    kind: string;
    /** RUNNING, PROMOTED or ROLLED_BACK */
    status: string;
    triggeredBy: string;
    reason: string | null;
    previousVersionId: string | null;
    previousVersion: number | null;
    startedAt: DateTime;
    finishedAt: DateTime | null;
  })[];
  /** Oldest first; a null toVersion is a removal. */
  aliasMoves: (Audited & {
    alias: string;
    fromVersionId: string | null;
    fromVersion: number | null;
    toVersionId: string | null;
    toVersion: number | null;
    actor: string;
    reason: string;
    at: DateTime;
  })[];
  driftReports: (Audited & {
    id: string;
    createdAt: DateTime;
    environment: DeployEnvironment | null;
    datasetDrift: boolean;
    driftShare: number;
    retrainingRunId: string | null;
  })[];
  retrainingRuns: (Audited & {
    id: string;
    driftReportId: string;
    workflowId: string;
    status: PipelineStatus;
    requestedBy: string;
    startedAt: DateTime;
    finishedAt: DateTime | null;
    modelVersionId: string | null;
  })[];
}

// ---- Audit ----

export interface AuditEvent {
  /** Position in the hash chain. */
  sequence: number;
  id: string;
  occurredAt: DateTime;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

export interface AuditEventFilter extends PageRequest {
  subjectType?: string;
  subjectId?: string;
  actor?: string;
  action?: string;
  /** Inclusive. */
  since?: DateTime | Date;
  /** Exclusive. */
  until?: DateTime | Date;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstInvalidSequence: number | null;
  lastSequence: number | null;
  lastHash: string | null;
  /** How many signed checkpoints the chain was held against. */
  checkpointsChecked: number;
  /** The signed checkpoint the stored chain no longer reaches, when that is what broke it. */
  brokenCheckpointSequence: number | null;
  /** Events found altered or removed while they waited to be sealed (`audit.tampering_detected` events). */
  tamperingFindings: number;
}

// ---- Datasets ----

export interface ColumnSchema {
  name: string;
  /** number, string or boolean */
  type: string;
  nullCount: number;
  distinctCount: number;
  min: number | null;
  max: number | null;
  mean: number | null;
}

export interface DatasetVersion {
  id: string;
  datasetName: string;
  version: number;
  /** SHA-256 of the file's bytes: the version is content-addressed. */
  contentSha256: string;
  /** csv, jsonl or parquet */
  format: string;
  sourceUri: string;
  rowCount: number;
  byteSize: number;
  schema: ColumnSchema[];
  createdBy: string;
  createdAt: DateTime;
}

export interface RegisterDatasetInput {
  name: string;
  /** A path or file:// URL inside one of the API's data roots. */
  uri: string;
  description?: string;
}

export interface DatasetVersionFilter extends PageRequest {
  datasetName?: string;
}

// ---- Deployments ----

export interface Deployment {
  id: string;
  modelName: string;
  modelVersionId: string;
  version: number;
  environment: DeployEnvironment;
  /** CANARY, PROMOTE or ROLLBACK */
  kind: string;
  /** RUNNING, PROMOTED or ROLLED_BACK */
  status: string;
  previousVersionId: string | null;
  /** The canary's current share of traffic, in percent. */
  trafficWeight: number;
  reason: string | null;
  triggeredBy: string;
  workflowId: string;
  createdAt: DateTime;
  finishedAt: DateTime | null;
  breakGlassId: string | null;
  temporalUiUrl: string;
}

/** Which versions serve a model in one environment, as the domain defines it, and when it last changed. */
export type TrafficRoute = DomainTrafficRoute & { updatedAt: DateTime };

/** promoteDeployment and rollbackDeployment: make `version` stable in `environment` at once. */
export interface SetStableVersionInput {
  modelName: string;
  environment: DeployEnvironment;
  version: number;
  reason: string;
}

// ---- Drift ----

export interface DriftColumn {
  column: string;
  /** numeric or categorical */
  kind: string;
  test: string;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  referenceSize: number;
  currentSize: number;
  drifted: boolean;
  note: string | null;
}

export interface DriftReport {
  id: string;
  workflowId: string;
  modelName: string;
  environment: DeployEnvironment | null;
  modelVersionId: string;
  modelVersion: number;
  triggeredBy: string;
  reference: { datasetVersionId: string; rows: number };
  current: { kind: string; environment: DeployEnvironment | null; from: string | null; to: string | null; datasetVersionId: string | null; rows: number };
  datasetDrift: boolean;
  driftShare: number;
  driftShareThreshold: number;
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  columns: DriftColumn[];
  predictionDrift: DriftColumn | null;
  retraining: { action: string; reason: string; pipelineWorkflowId: string | null } | null;
  /** The report as a self-contained HTML page (send the bearer token). */
  reportUrl: string;
  createdAt: DateTime;
}

export interface DriftReportFilter extends PageRequest {
  modelName: string;
  environment?: DeployEnvironment;
}

/** A scan's progress, and its report once stored. */
export interface DriftScan {
  workflowId: string;
  temporalUiUrl: string;
  /** Temporal's status: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED or TIMED_OUT. */
  status: string;
  failure: string | null;
  report: DriftReport | null;
}

export interface TriggerDriftScanInput {
  modelName: string;
  /** Scan this environment's prediction log; required unless currentDatasetVersionId is given. */
  environment?: DeployEnvironment;
  /** Length of the prediction-log window ending now, e.g. 24h (the API's default). */
  window?: string;
  currentDatasetVersionId?: string;
  /** Default: the scanned version's training data. */
  referenceDatasetVersionId?: string;
}

// ---- Serving (Open Inference Protocol) ----

export interface InferenceTensor {
  name: string;
  shape: number[];
  /** FP32, FP64, INT64, BOOL, BYTES, … */
  datatype: string;
  data: unknown[];
}

export interface InferenceRequest {
  id?: string;
  inputs: InferenceTensor[];
}

export interface InferenceResponse {
  model_name: string;
  model_version: string;
  id: string;
  outputs: InferenceTensor[];
}
