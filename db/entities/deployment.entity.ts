import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('deployment')
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('text') environment!: string;
  @Column('text') status!: string;
  @Column('integer', { name: 'traffic_weight' }) trafficWeight!: number;
  @Column('text', { name: 'triggered_by' }) triggeredBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
