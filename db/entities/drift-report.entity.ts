import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('drift_report')
export class DriftReportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'model_id' }) modelId!: string;
  @Column('uuid', { name: 'deployment_id', nullable: true }) deploymentId!: string | null;
  @Column('boolean', { name: 'dataset_drift' }) datasetDrift!: boolean;
  @Column('double precision', { name: 'drift_share' }) driftShare!: number;
  @Column('jsonb') columns!: Record<string, unknown>[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
