import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeployEnvironment } from '../../domain/approval';
import type { CanaryObservation, DeploymentKind, DeploymentStatus } from '../../domain/deployment';

@Entity('deployment')
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'model_name' }) modelName!: string;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('text') environment!: DeployEnvironment;
  @Column('text') kind!: DeploymentKind;
  @Column('text') status!: DeploymentStatus;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('uuid', { name: 'pipeline_run_id', nullable: true }) pipelineRunId!: string | null;
  @Column('uuid', { name: 'previous_version_id', nullable: true }) previousVersionId!: string | null;
  /** The canary's current weight (0-100). */
  @Column('integer', { name: 'traffic_weight' }) trafficWeight!: number;
  /** Every weight change: { weight, at }. */
  @Column('jsonb') weights!: { weight: number; at: string }[];
  @Column('jsonb') observations!: CanaryObservation[];
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { name: 'triggered_by' }) triggeredBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  /** Set when the deployment went past the release guard: the break-glass two admins agreed on. */
  @Column('uuid', { name: 'break_glass_id', nullable: true }) breakGlassId!: string | null;
}
