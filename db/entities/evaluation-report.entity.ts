import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EvaluationReportData } from '../../domain/evaluation';

@Entity('evaluation_report')
export class EvaluationReportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('uuid', { name: 'dataset_version_id' }) datasetVersionId!: string;
  @Column('uuid', { name: 'pipeline_run_id', nullable: true }) pipelineRunId!: string | null;
  @Column('boolean', { name: 'quality_checks_passed' }) qualityChecksPassed!: boolean;
  @Column('jsonb') report!: EvaluationReportData;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
