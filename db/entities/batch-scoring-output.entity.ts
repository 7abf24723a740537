import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RowPrediction } from '../../domain/batch-scoring';

/** A running job's scored rows, until they are published as a dataset version. */
@Entity('batch_scoring_output')
export class BatchScoringOutputEntity {
  @PrimaryColumn('uuid', { name: 'job_id' }) jobId!: string;
  @PrimaryColumn('integer', { name: 'row_index' }) rowIndex!: number;
  @Column('jsonb') output!: RowPrediction;
}
