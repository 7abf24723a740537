import type { ColumnSchema } from './dataset';
import type { ModelSignature } from './model-signature';
import type { TaskQueues } from './task-queues';
import type { DeployRequest } from './approval';
import type { EnsembleRecipe } from './ensemble';
import type { ChampionRule, QualityCheck } from './evaluation';
import type { TuningSpec } from './tuning';
import type { CheckStatus, ColumnExpectation } from './validation';

export const MODEL_TASKS = ['CLASSIFICATION', 'REGRESSION'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

/** The stages of a pipeline, in order; `tune` is SKIPPED unless the run asks for tuning; `approve` and `deploy` exist only when it asks to deploy. */
export const PIPELINE_STAGES = ['validate', 'tune', 'train', 'evaluate', 'register', 'approve', 'deploy'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export const PIPELINE_STATUSES = ['RUNNING', 'AWAITING_APPROVAL', 'DEPLOYING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'QUALITY_CHECKS_FAILED', 'REJECTED', 'EXPIRED', 'ROLLED_BACK'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

export const STAGE_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export type Hyperparameters = Record<string, number>;

export interface PipelineInput {
  modelName: string;
  datasetVersionId: string;
  target: string;
  features: string[];
  task: ModelTask;
  hyperparameters: Hyperparameters;
  /** Seed for the train/test split and any randomness in training. */
  seed: number;
  /** Fraction of rows held out for evaluation. */
  testFraction: number;
  requestedBy: string;
  /** The run's data contract, checked in the validate stage beside the automatic checks. */
  expectations: ColumnExpectation[];
  /** `builtin:logistic-regression`, `builtin:linear-regression`, or a registered external trainer. */
  trainer: string;
  /** k-fold cross-validation on the training split, recorded beside the final model. */
  crossValidation: { folds: number } | null;
  /** Hyperparameter search on a validation split before the final training. */
  tuning: TuningSpec | null;
  /** Thresholds the evaluated model must meet; a miss ends the run QUALITY_CHECKS_FAILED. */
  qualityChecks: QualityCheck[];
  mustBeatChampion: ChampionRule | null;
  /** Column whose groups fairness is measured across (need not be a feature). */
  sensitiveFeature: string | null;
  /** The class counted as the favourable outcome for fairness (classification). */
  favorableLabel: string | null;
  /** Ask for approval (and later deployment) once the model passes its quality checks. */
  deploy?: DeployRequest | null;
  /** Set by importModelVersion: a model trained elsewhere, evaluated and registered without training. */
  importedModel?: TrainedModel;
  /** Set by createEnsembleVersion beside importedModel (the combined model): how it was combined, and from which versions. */
  ensemble?: EnsembleRecipe;
  /** Fixed when the run starts and kept in its history, so replays and resets use the same queues. */
  taskQueues: TaskQueues;
}

export interface StageRecord {
  name: PipelineStage;
  status: StageStatus;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /**
   * The WorkflowTaskCompleted event of the task that began this stage: where a retry
   * resets the run to, so the stage runs afresh and nothing before it runs again.
   */
  resetEventId?: number | null;
}

export interface ValidationSummary {
  reportId: string;
  status: CheckStatus;
  rowCount: number;
  usableRowCount: number;
  columns: ColumnSchema[];
}

export interface TrainedModel {
  artifactSha256: string;
  artifactUri: string;
  classLabels: string[];
  trainRowCount: number;
  iterations: number;
  effectiveHyperparameters: Hyperparameters;
  /** How the model's inputs and outputs meet the features and predictions; absent, the model follows the contract. */
  signature?: ModelSignature;
  /** An MLflow model directory's run id, for a model imported from one. */
  mlflowRunId?: string | null;
}

export type Metrics = Record<string, number>;

export interface EvaluationResult {
  metrics: Metrics;
  testRowCount: number;
}

export interface RegisteredModelVersion {
  modelVersionId: string;
  version: number;
}

export interface PipelineResult {
  status: PipelineStatus;
  modelVersionId: string | null;
}

export function initialStageRecords(withApproval: boolean): StageRecord[] {
  return PIPELINE_STAGES.filter((name) => withApproval || (name !== 'approve' && name !== 'deploy')).map((name) => ({
    name,
    status: 'PENDING',
    attempts: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
  }));
}

/** Share of rows held out for validation when a run tunes hyperparameters. */
export const TUNING_VALIDATION_FRACTION = 0.2;

export const BUILTIN_TRAINERS: Record<ModelTask, string> = {
  CLASSIFICATION: 'builtin:logistic-regression',
  REGRESSION: 'builtin:linear-regression',
};

/** The trainer recorded for a model imported with importModelVersion. */
export const IMPORTED_TRAINER = 'import:onnx';

export function isBuiltinTrainer(trainer: string): boolean {
  return trainer.startsWith('builtin:');
}

export interface CrossValidationSummary {
  folds: number;
  perFold: Metrics[];
  mean: Metrics;
  std: Metrics;
}

/** What it takes to train the same model again, recorded with every run. */
export interface Reproducibility {
  datasetSha256: string;
  seed: number;
  testFraction: number;
  hyperparameters: Hyperparameters;
  trainer: string;
  trainerVersion: string;
  gitCommit: string | null;
  nodeVersion: string;
  onnxruntimeVersion: string;
  provenantVersion: string;
  /** The MLflow run that logged an imported MLflow model. */
  mlflowRunId?: string | null;
}
