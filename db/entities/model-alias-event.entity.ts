import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One move of an alias, kept forever; a null `toVersionId` is a removal. */
@Entity('model_alias_event')
export class ModelAliasEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('uuid', { name: 'model_id' }) modelId!: string;
  @Column('text') alias!: string;
  @Column('uuid', { name: 'from_version_id', nullable: true }) fromVersionId!: string | null;
  @Column('uuid', { name: 'to_version_id', nullable: true }) toVersionId!: string | null;
  @Column('text') actor!: string;
  @Column('text') reason!: string;
  @Column('timestamptz', { default: () => 'clock_timestamp()' }) at!: Date;
}
