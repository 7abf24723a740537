import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('approval_decision')
export class ApprovalDecisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'gate_id' }) gateId!: string;
  @Column('text') actor!: string;
  @Column('text') decision!: 'APPROVE' | 'REJECT';
  @Column('text', { nullable: true }) comment!: string | null;
  @Column('text') channel!: string;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt!: Date;
}
