import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('approval_gate')
export class ApprovalGateEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pipeline_run_id' }) pipelineRunId!: string;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('text') environment!: string;
  @Column('text') status!: string;
  @Column('integer', { name: 'required_approvals' }) requiredApprovals!: number;
  @Column('jsonb', { name: 'eligible_approvers' }) eligibleApprovers!: string[];
  @Column('jsonb') evidence!: Record<string, unknown>;
  @Column('timestamptz', { nullable: true }) deadline!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
