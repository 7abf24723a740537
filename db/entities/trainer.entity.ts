import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('trainer')
export class TrainerEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** argv: run as is, never through a shell. */
  @Column('text', { array: true }) command!: string[];
  @Column('integer', { name: 'timeout_seconds' }) timeoutSeconds!: number;
  /** 1 when first registered; each change of command or timeout adds 1. */
  @Column('integer') version!: number;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('text', { name: 'updated_by' }) updatedBy!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
