import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeployEnvironment } from '../../domain/approval';
import type { BreakGlassOperation } from '../../domain/release-guard';

/** An operation past the release guard: one admin asked, with a reason; a second confirmed it (or nobody did in time). */
@Entity('break_glass')
export class BreakGlassEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') operation!: BreakGlassOperation;
  @Column('text', { name: 'model_name' }) modelName!: string;
  @Column('text') environment!: DeployEnvironment;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('text') reason!: string;
  /** What the release guard found missing when the break-glass was requested. */
  @Column('text') missing!: string;
  @Column('text') status!: 'PENDING' | 'CONFIRMED';
  @Column('text', { name: 'requested_by' }) requestedBy!: string;
  @Column('timestamptz', { name: 'requested_at' }) requestedAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('text', { name: 'confirmed_by', nullable: true }) confirmedBy!: string | null;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt!: Date | null;
}
