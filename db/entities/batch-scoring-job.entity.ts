import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BatchScoringStatus } from '../../domain/batch-scoring';

@Entity('batch_scoring_job')
export class BatchScoringJobEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'model_name' }) modelName!: string;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('uuid', { name: 'input_dataset_version_id' }) inputDatasetVersionId!: string;
  @Column('uuid', { name: 'output_dataset_version_id', nullable: true }) outputDatasetVersionId!: string | null;
  @Column('text') status!: BatchScoringStatus;
  @Column('integer', { name: 'rows_total' }) rowsTotal!: number;
  /** Input rows [0, rowsScored) are scored and committed to the staging table. */
  @Column('integer', { name: 'rows_scored' }) rowsScored!: number;
  @Column('text', { nullable: true }) error!: string | null;
  @Column('text', { name: 'requested_by' }) requestedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
