import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CheckStatus, ColumnExpectation, ValidationCheck } from '../../domain/validation';

@Entity('validation_report')
export class ValidationReportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'dataset_version_id' }) datasetVersionId!: string;
  @Column('uuid', { name: 'pipeline_run_id', nullable: true }) pipelineRunId!: string | null;
  @Column('text') status!: CheckStatus;
  @Column('jsonb') checks!: ValidationCheck[];
  @Column('jsonb') expectations!: ColumnExpectation[];
  @Column('text', { nullable: true }) target!: string | null;
  @Column('jsonb', { nullable: true }) features!: string[] | null;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
