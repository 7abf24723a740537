import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('model_version_tag')
export class ModelVersionTagEntity {
  @PrimaryColumn('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @PrimaryColumn('text') key!: string;
  @Column('text') value!: string;
  @Column('text', { name: 'set_by' }) setBy!: string;
  @Column('timestamptz', { name: 'set_at' }) setAt!: Date;
}
