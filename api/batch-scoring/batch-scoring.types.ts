import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { BatchScoringJobRow } from '../../db/batch-scoring';
import { enumOf } from '../common/enums';
import { BATCH_SCORING_STATUSES, DEFAULT_CHUNK_ROWS, MAX_CHUNK_ROWS, MIN_CHUNK_ROWS, type BatchScoringStatus } from '../../domain/batch-scoring';

export const BatchScoringStatusEnum = enumOf(BATCH_SCORING_STATUSES);
registerEnumType(BatchScoringStatusEnum, {
  name: 'BatchScoringStatus',
  description: 'Where a batch scoring job stands.',
  valuesMap: {
    RUNNING: { description: 'Scoring chunks; rowsScored grows.' },
    SUCCEEDED: { description: 'Every row scored; outputDatasetVersion is set.' },
    FAILED: { description: 'Stopped; error says why, and no output dataset was registered.' },
  },
});

@InputType({ description: 'A batch scoring job to start (roles engineer and admin).' })
export class StartBatchScoringInput {
  @Field({ description: 'The model to score with.' }) modelName!: string;
  @Field(() => Int, { nullable: true, description: "The version to score with; default: the model's champion, else its latest version." })
  version?: number;
  @Field(() => ID, { description: 'The dataset version to score; it must hold every feature column the model reads.' })
  datasetVersionId!: string;
  @Field(() => Int, {
    nullable: true,
    description: `Rows scored and committed per checkpoint, ${MIN_CHUNK_ROWS}-${MAX_CHUNK_ROWS} (default ${DEFAULT_CHUNK_ROWS}): a crashed worker's retry repeats at most one chunk.`,
  })
  chunkRows?: number;
}

@ObjectType('BatchScoringJob', {
  description:
    'Scores a dataset version with a model version; the output is a new version of `<input dataset>.scored`: the input columns, then `prediction` and, for classification, `probability_<class>` per class.',
})
export class BatchScoringJobType {
  @Field(() => ID, { description: "The job's id, what batchScoringJob takes." }) id!: string;
  @Field({ description: 'Its Temporal workflow, batch-scoring:<id>.' }) workflowId!: string;
  @Field({ description: 'The model scored with.' }) modelName!: string;
  @Field(() => ID, { description: 'The model version scored with.' }) modelVersionId!: string;
  @Field(() => ID, { description: 'The dataset version scored.' }) inputDatasetVersionId!: string;
  @Field(() => ID, { nullable: true, description: 'Set when the job succeeds.' }) outputDatasetVersionId!: string | null;
  @Field(() => BatchScoringStatusEnum, { description: 'RUNNING, SUCCEEDED or FAILED.' }) status!: BatchScoringStatus;
  @Field(() => Int, { description: 'Rows in the input dataset version.' }) rowsTotal!: number;
  @Field(() => Int, { description: 'Rows scored and committed so far.' }) rowsScored!: number;
  @Field(() => Float, { description: 'rowsScored / rowsTotal, from 0 to 1.' }) progress!: number;
  @Field(() => String, { nullable: true, description: 'Why the job failed; null unless FAILED.' }) error!: string | null;
  @Field({ description: 'Who started it.' }) requestedBy!: string;
  @Field({ description: 'When it was started.' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it succeeded or failed; null while RUNNING.' }) finishedAt!: Date | null;
}

export function batchScoringJobView(job: BatchScoringJobRow): BatchScoringJobType {
  return { ...job, progress: job.rowsScored / job.rowsTotal };
}
