import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeployEnvironment, EvidenceLink, GateEvidence, GateStatus } from '../../domain/approval';
import type { Role } from '../../domain/roles';

/** bigint arrives as a string from pg; durations fit a number easily. */
const milliseconds = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

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
  /** The approval policy applied (its id and version, as it was then); null on gates without one and gates opened before policies. */
  @Column('uuid', { name: 'policy_id', nullable: true }) policyId!: string | null;
  @Column('integer', { name: 'policy_version', nullable: true }) policyVersion!: number | null;
  /** Who the policy let decide: holders of these roles, or these people (both empty: anyone with an approver role). */
  @Column('jsonb', { name: 'approver_roles' }) approverRoles!: Role[];
  @Column('jsonb', { name: 'policy_approvers' }) policyApprovers!: string[];
  /** Who may never decide: the policy's exclusions, and for drift-triggered runs whoever last set the retraining policy. */
  @Column('jsonb', { name: 'excluded_approvers' }) excludedApprovers!: string[];
  /** The reminder and expiry the gate runs by; null on gates opened before policies. */
  @Column('bigint', { name: 'remind_after_ms', nullable: true, transformer: milliseconds }) remindAfterMs!: number | null;
  @Column('bigint', { name: 'expires_after_ms', nullable: true, transformer: milliseconds }) expiresAfterMs!: number | null;
}
