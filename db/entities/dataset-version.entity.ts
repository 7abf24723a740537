import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ColumnSchema, DatasetFormat, DatasetPart } from '../../domain/dataset';

@Entity('dataset_version')
export class DatasetVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'dataset_id' }) datasetId!: string;
  @Column('integer') version!: number;
  @Column('char', { name: 'content_sha256', length: 64 }) contentSha256!: string;
  @Column('text') format!: DatasetFormat;
  @Column('text', { name: 'source_uri' }) sourceUri!: string;
  @Column('text', { name: 'storage_uri' }) storageUri!: string;
  @Column('bigint', { name: 'byte_size', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  byteSize!: number;
  @Column('integer', { name: 'row_count' }) rowCount!: number;
  @Column('jsonb') schema!: ColumnSchema[];
  /** The files of a version registered as a set of Parquet files; null for a single file (storageUri). */
  @Column('jsonb', { nullable: true }) parts!: DatasetPart[] | null;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
