import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { LineageNodeKind } from '../../domain/lineage';

@Entity('lineage_node')
export class LineageNodeEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') kind!: LineageNodeKind;
  @Column('text') label!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
