import type { ColumnSchema } from './dataset';
import type { TaskQueues } from './task-queues';

export const MODEL_TASKS = ['CLASSIFICATION', 'REGRESSION'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

/** The stages of a pipeline, in order. Later issues append stages after `register`. */
export const PIPELINE_STAGES = ['validate', 'train', 'evaluate', 'register'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export const PIPELINE_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

export const STAGE_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
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
}

export interface ValidationSummary {
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

export function initialStageRecords(): StageRecord[] {
  return PIPELINE_STAGES.map((name) => ({
    name,
    status: 'PENDING',
    attempts: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
  }));
}
