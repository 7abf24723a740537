import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeployEnvironment } from '../../domain/approval';
import type { ColumnDriftResult, ConceptDriftResult, CurrentSample, PerformanceEstimate, RetrainingDecision } from '../../domain/drift';

@Entity('drift_report')
export class DriftReportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** The scan's workflow id; one report per scan. */
  @Column('text', { name: 'workflow_id', unique: true }) workflowId!: string;
  @Column('uuid', { name: 'model_id' }) modelId!: string;
  @Column('text', { name: 'model_name' }) modelName!: string;
  @Column('text', { nullable: true }) environment!: DeployEnvironment | null;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('uuid', { name: 'deployment_id', nullable: true }) deploymentId!: string | null;
  @Column('text', { name: 'schedule_id', nullable: true }) scheduleId!: string | null;
  @Column('text', { name: 'triggered_by' }) triggeredBy!: string;
  @Column('jsonb') reference!: { datasetVersionId: string; rows: number };
  @Column('jsonb') current!: CurrentSample;
  @Column('boolean', { name: 'dataset_drift' }) datasetDrift!: boolean;
  @Column('double precision', { name: 'drift_share' }) driftShare!: number;
  @Column('double precision', { name: 'drift_share_threshold' }) driftShareThreshold!: number;
  @Column('integer', { name: 'number_of_columns' }) numberOfColumns!: number;
  @Column('integer', { name: 'number_of_drifted_columns' }) numberOfDriftedColumns!: number;
  @Column('jsonb') columns!: ColumnDriftResult[];
  @Column('jsonb', { name: 'prediction_drift', nullable: true }) predictionDrift!: ColumnDriftResult | null;
  @Column('jsonb', { name: 'concept_drift', nullable: true }) conceptDrift!: ConceptDriftResult | null;
  /** CBPE's estimate (classification); null for regression, a reference without labels, or a report stored before estimation existed. */
  @Column('jsonb', { name: 'performance_estimate', nullable: true }) performanceEstimate!: PerformanceEstimate | null;
  @Column('jsonb', { nullable: true }) retraining!: RetrainingDecision | null;
  @Column('uuid', { name: 'retraining_run_id', nullable: true }) retrainingRunId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
