import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DeployRequest } from '../../domain/approval';
import type { ConceptDriftConfirmationRule } from '../../domain/drift';

@Entity('retraining_policy')
export class RetrainingPolicyEntity {
  @PrimaryColumn('text', { name: 'model_name' }) modelName!: string;
  @Column('boolean') enabled!: boolean;
  @Column('integer', { name: 'consecutive_drifted_scans', nullable: true }) consecutiveDriftedScans!: number | null;
  @Column('boolean', { name: 'on_concept_drift' }) onConceptDrift!: boolean;
  @Column('text', { name: 'concept_drift_confirmation' }) conceptDriftConfirmation!: ConceptDriftConfirmationRule;
  @Column('integer', { name: 'confirmation_signals' }) confirmationSignals!: number;
  /** bigint arrives as a string from pg; the transformer keeps it a number (cooldowns fit easily). */
  @Column('bigint', { name: 'cooldown_ms', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  cooldownMs!: number;
  @Column('jsonb') deploy!: DeployRequest;
  @Column('text', { name: 'updated_by' }) updatedBy!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
