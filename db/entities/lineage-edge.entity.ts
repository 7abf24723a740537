import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { LineageRelation } from '../../domain/lineage';

@Entity('lineage_edge')
export class LineageEdgeEntity {
  @PrimaryColumn('uuid', { name: 'from_id' }) fromId!: string;
  @PrimaryColumn('uuid', { name: 'to_id' }) toId!: string;
  @PrimaryColumn('text') relation!: LineageRelation;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
