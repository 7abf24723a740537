import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where an alias of a model points now; `model_alias_event` holds how it got there. */
@Entity('model_alias')
export class ModelAliasEntity {
  @PrimaryColumn('uuid', { name: 'model_id' }) modelId!: string;
  @PrimaryColumn('text') alias!: string;
  @Column('uuid', { name: 'model_version_id' }) modelVersionId!: string;
  @Column('text', { name: 'set_by' }) setBy!: string;
  @Column('timestamptz', { name: 'set_at' }) setAt!: Date;
}
