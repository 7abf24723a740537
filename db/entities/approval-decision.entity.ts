import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Decision, DecisionChannel, GateDecision } from '../../domain/approval';

@Entity('approval_decision')
export class ApprovalDecisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'gate_id' }) gateId!: string;
  @Column('text') actor!: string;
  @Column('text') decision!: Decision;
  @Column('text', { nullable: true }) comment!: string | null;
  @Column('text') channel!: DecisionChannel;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt!: Date;
  /** The API's signature over the decision; null on decisions made before attestation. */
  @Column('jsonb', { nullable: true }) attestation!: GateDecision['attestation'];
}
