import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { DeployEnvironment } from '../../domain/approval';
import type { DriftScheduleSpec } from '../../domain/drift';

@Entity('drift_schedule')
export class DriftScheduleEntity {
  /** The Temporal Schedule id. */
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'model_name' }) modelName!: string;
  @Column('text') environment!: DeployEnvironment;
  @Column('jsonb') spec!: DriftScheduleSpec;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
