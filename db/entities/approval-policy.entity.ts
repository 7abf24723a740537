import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DeployEnvironment } from '../../domain/approval';
import type { Role } from '../../domain/roles';

/** bigint arrives as a string from pg; durations fit a number easily. */
const milliseconds = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

@Entity('approval_policy')
export class ApprovalPolicyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('integer') version!: number;
  @Column('text', { name: 'model_pattern', nullable: true }) modelPattern!: string | null;
  @Column('text', { nullable: true }) environment!: DeployEnvironment | null;
  @Column('integer', { name: 'min_approvals' }) minApprovals!: number;
  @Column('jsonb', { name: 'approver_roles' }) approverRoles!: Role[];
  @Column('jsonb') approvers!: string[];
  @Column('jsonb', { name: 'excluded_approvers' }) excludedApprovers!: string[];
  @Column('bigint', { name: 'remind_after_ms', transformer: milliseconds }) remindAfterMs!: number;
  @Column('bigint', { name: 'expires_after_ms', transformer: milliseconds }) expiresAfterMs!: number;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('text', { name: 'updated_by' }) updatedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
