import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CrossValidationSummary, PipelineInput, PipelineStatus, Reproducibility, StageRecord } from '../../domain/pipeline';
import type { TrialRecord } from '../../domain/tuning';

@Entity('pipeline_run')
export class PipelineRunEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'model_name' }) modelName!: string;
  @Column('uuid', { name: 'dataset_version_id' }) datasetVersionId!: string;
  @Column('text') status!: PipelineStatus;
  @Column('text', { name: 'current_stage' }) currentStage!: string;
  @Column('jsonb') stages!: StageRecord[];
  @Column('jsonb') input!: PipelineInput;
  @Column('text', { nullable: true }) error!: string | null;
  @Column('text', { name: 'requested_by' }) requestedBy!: string;
  @Column('uuid', { name: 'model_version_id', nullable: true }) modelVersionId!: string | null;
  @Column('uuid', { name: 'validation_report_id', nullable: true }) validationReportId!: string | null;
  @Column('jsonb') trials!: TrialRecord[];
  @Column('jsonb', { name: 'cross_validation', nullable: true }) crossValidation!: CrossValidationSummary | null;
  @Column('jsonb', { nullable: true }) reproducibility!: Reproducibility | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
