import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeployEnvironment, EvidenceLink, GateEvidence, GateStatus } from '../../domain/approval';

@Entity('approval_gate')
export class ApprovalGateEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'subject_kind' }) subjectKind!: string;
  @Column('text', { name: 'subject_id' }) subjectId!: string;
  @Column('text', { name: 'subject_title' }) subjectTitle!: string;
  @Column('text', { name: 'subject_url', nullable: true }) subjectUrl!: string | null;
  @Column('text', { nullable: true }) policy!: string | null;
  @Column('jsonb', { name: 'evidence_links' }) evidenceLinks!: EvidenceLink[];
  /** The release columns: set for model_version gates only. */
  @Column('uuid', { name: 'pipeline_run_id', nullable: true }) pipelineRunId!: string | null;
  @Column('uuid', { name: 'model_version_id', nullable: true }) modelVersionId!: string | null;
  @Column('text', { nullable: true }) environment!: DeployEnvironment | null;
  /** The workflow that holds the gate and takes its decisions. */
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'requested_by' }) requestedBy!: string;
  @Column('text') status!: GateStatus;
  @Column('integer', { name: 'required_approvals' }) requiredApprovals!: number;
  @Column('jsonb', { name: 'eligible_approvers' }) eligibleApprovers!: string[];
  @Column('jsonb', { nullable: true }) evidence!: GateEvidence | null;
  @Column('timestamptz', { nullable: true }) deadline!: Date | null;
  @Column('text', { name: 'slack_channel', nullable: true }) slackChannel!: string | null;
  @Column('text', { name: 'slack_message_ts', nullable: true }) slackMessageTs!: string | null;
  @Column('timestamptz', { name: 'reminded_at', nullable: true }) remindedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
