import type { ModelTask } from './pipeline';
import type { TaskQueues } from './task-queues';

export const BATCH_SCORING_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type BatchScoringStatus = (typeof BATCH_SCORING_STATUSES)[number];

/**
 * Rows scored and committed between checkpoints: a crashed worker loses at most this
 * many rows of work, and each checkpoint costs one transaction.
 */
export const DEFAULT_CHUNK_ROWS = 5000;
export const MIN_CHUNK_ROWS = 100;
/** Each chunk is one multi-row insert of three parameters a row; Postgres allows 65,535 parameters a statement. */
export const MAX_CHUNK_ROWS = 20_000;

/** Fixed when the job starts and kept in its workflow history, so a resumed job scores the same way. */
export interface BatchScoringInput {
  jobId: string;
  chunkRows: number;
  taskQueues: TaskQueues;
}

export interface BatchScoringResult {
  rowsScored: number;
  outputDatasetVersionId: string;
}

/**
 * One scored row as the staging table keeps it: for classification the label and one
 * probability per class, in the model's class order; for regression the prediction.
 */
export type RowPrediction = { label: string; probabilities: number[] } | { prediction: number };

export function batchScoringWorkflowId(jobId: string): string {
  return `batch-scoring:${jobId}`;
}

/**
 * The columns a scored dataset adds after the input's: the prediction (the label, for
 * classification) and, for classification, one probability column per class.
 */
export function predictionColumnNames(task: ModelTask, classLabels: string[]): string[] {
  return task === 'CLASSIFICATION' ? ['prediction', ...classLabels.map((label) => `probability_${label}`)] : ['prediction'];
}
