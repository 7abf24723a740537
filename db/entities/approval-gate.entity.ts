import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeployEnvironment, GateEvidence, GateStatus } from '../../domain/approval';

@Entity('approval_gate')
export class ApprovalGateEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pipeline_run_id' }) pipelineRunId!: string;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'requested_by' }) requestedBy!: string;
  @Column('text') environment!: DeployEnvironment;
  @Column('text') status!: GateStatus;
  @Column('integer', { name: 'required_approvals' }) requiredApprovals!: number;
  @Column('jsonb', { name: 'eligible_approvers' }) eligibleApprovers!: string[];
  @Column('jsonb') evidence!: GateEvidence;
  @Column('timestamptz', { nullable: true }) deadline!: Date | null;
  @Column('text', { name: 'slack_channel', nullable: true }) slackChannel!: string | null;
  @Column('text', { name: 'slack_message_ts', nullable: true }) slackMessageTs!: string | null;
  @Column('timestamptz', { name: 'reminded_at', nullable: true }) remindedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
