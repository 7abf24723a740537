import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ModelSignature } from '../../domain/model-signature';
import type { Hyperparameters, Metrics } from '../../domain/pipeline';

@Entity('model_version')
export class ModelVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'model_id' }) modelId!: string;
  @Column('integer') version!: number;
  @Column('char', { name: 'artifact_sha256', length: 64 }) artifactSha256!: string;
  @Column('text', { name: 'artifact_uri' }) artifactUri!: string;
  @Column('jsonb') metrics!: Metrics;
  @Column('text', { array: true }) aliases!: string[];
  @Column('text') target!: string;
  @Column('jsonb') features!: string[];
  @Column('jsonb', { name: 'class_labels' }) classLabels!: string[];
  @Column('jsonb') hyperparameters!: Hyperparameters;
  /** How the ONNX inputs and outputs meet the features and predictions; null for versions registered before signatures were stored, which follow the contract. */
  @Column('jsonb', { nullable: true }) signature!: ModelSignature | null;
  @Column('uuid', { name: 'dataset_version_id' }) datasetVersionId!: string;
  @Column('uuid', { name: 'pipeline_run_id', nullable: true }) pipelineRunId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
