import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { BatchScoringJobRow } from '../../db/batch-scoring';
import { enumOf } from '../common/enums';
import { BATCH_SCORING_STATUSES, DEFAULT_CHUNK_ROWS, MAX_CHUNK_ROWS, MIN_CHUNK_ROWS, type BatchScoringStatus } from '../../domain/batch-scoring';

export const BatchScoringStatusEnum = enumOf(BATCH_SCORING_STATUSES);
registerEnumType(BatchScoringStatusEnum, { name: 'BatchScoringStatus' });

@InputType()
export class StartBatchScoringInput {
  @Field() modelName!: string;
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
  @Field(() => ID) id!: string;
  @Field() workflowId!: string;
  @Field() modelName!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => ID) inputDatasetVersionId!: string;
  @Field(() => ID, { nullable: true, description: 'Set when the job succeeds.' }) outputDatasetVersionId!: string | null;
  @Field(() => BatchScoringStatusEnum) status!: BatchScoringStatus;
  @Field(() => Int) rowsTotal!: number;
  @Field(() => Int, { description: 'Rows scored and committed so far.' }) rowsScored!: number;
  @Field(() => Float, { description: 'rowsScored / rowsTotal, from 0 to 1.' }) progress!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() requestedBy!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

export function batchScoringJobView(job: BatchScoringJobRow): BatchScoringJobType {
  return { ...job, progress: job.rowsScored / job.rowsTotal };
}
