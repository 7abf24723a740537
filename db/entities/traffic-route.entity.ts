import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DeployEnvironment } from '../../domain/approval';

@Entity('traffic_route')
export class TrafficRouteEntity {
  @PrimaryColumn('text', { name: 'model_name' }) modelName!: string;
  @PrimaryColumn('text') environment!: DeployEnvironment;
  @Column('uuid', { name: 'stable_version_id', nullable: true }) stableVersionId!: string | null;
  @Column('uuid', { name: 'canary_version_id', nullable: true }) canaryVersionId!: string | null;
  @Column('integer', { name: 'canary_weight' }) canaryWeight!: number;
  @Column('uuid', { name: 'shadow_version_id', nullable: true }) shadowVersionId!: string | null;
  @Column('text', { name: 'updated_by' }) updatedBy!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
