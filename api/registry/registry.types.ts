import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Metrics } from '../../domain/pipeline';
import { ModelTaskEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('ModelVersion')
export class ModelVersionType {
  @Field(() => ID) id!: string;
  @Field() modelName!: string;
  @Field(() => Int) version!: number;
  @Field(() => JsonScalar, { description: 'Held-out metrics, e.g. {"accuracy": 0.97}.' }) metrics!: Metrics;
  @Field() artifactUri!: string;
  @Field() artifactSha256!: string;
  @Field(() => [String]) aliases!: string[];
  @Field() target!: string;
  @Field(() => [String]) features!: string[];
  @Field(() => [String]) classLabels!: string[];
  @Field(() => JsonScalar) hyperparameters!: Record<string, number>;
  @Field(() => ID) datasetVersionId!: string;
  @Field(() => ID, { nullable: true }) pipelineRunId!: string | null;
  @Field() createdAt!: Date;
}

@ObjectType('Model')
export class ModelType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ModelTaskEnum) task!: string;
  @Field() createdAt!: Date;
  @Field(() => [ModelVersionType], { description: 'Newest first.' }) versions!: ModelVersionType[];
}
