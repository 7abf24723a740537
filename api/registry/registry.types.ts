import type { ModelSignature } from '../../domain/model-signature';
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Metrics } from '../../domain/pipeline';
import { ModelTaskEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('ModelVersionTag')
export class ModelVersionTagType {
  @Field() key!: string;
  @Field() value!: string;
  @Field() setBy!: string;
  @Field() setAt!: Date;
}

@ObjectType('ModelVersion')
export class ModelVersionType {
  @Field(() => ID) id!: string;
  @Field() modelName!: string;
  @Field(() => Int) version!: number;
  @Field(() => JsonScalar, { description: 'Held-out metrics, e.g. {"accuracy": 0.97}.' }) metrics!: Metrics;
  @Field() artifactUri!: string;
  @Field() artifactSha256!: string;
  @Field(() => [String], { description: 'The aliases of the model that point at this version now, by name.' }) aliases!: string[];
  @Field() target!: string;
  @Field(() => [String]) features!: string[];
  @Field(() => [String]) classLabels!: string[];
  @Field(() => JsonScalar) hyperparameters!: Record<string, number>;
  @Field(() => JsonScalar, {
    nullable: true,
    description:
      'How the ONNX inputs and outputs meet the features and predictions: {inputs: [{name, type, features}], outputs: {kind: CLASSIFIER, label, probabilities, zipMapInput} | {kind: REGRESSOR, prediction}}. Null for versions registered before signatures were stored, which follow the model contract (numeric_features, categorical_features).',
  })
  signature!: ModelSignature | null;
  @Field(() => ID) datasetVersionId!: string;
  @Field(() => ID, { nullable: true }) pipelineRunId!: string | null;
  @Field() createdAt!: Date;
}

@ObjectType('ModelAlias', { description: 'Where an alias of a model points now.' })
export class ModelAliasType {
  @Field() alias!: string;
  @Field(() => Int) version!: number;
  @Field() setBy!: string;
  @Field() setAt!: Date;
}

@ObjectType('ModelAliasEvent', { description: 'One move of an alias; a null toVersion is a removal, a null fromVersion its first setting.' })
export class ModelAliasEventType {
  @Field() alias!: string;
  @Field(() => Int, { nullable: true }) fromVersion!: number | null;
  @Field(() => Int, { nullable: true }) toVersion!: number | null;
  @Field() actor!: string;
  @Field() reason!: string;
  @Field() at!: Date;
}

@ObjectType('Model')
export class ModelType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ModelTaskEnum) task!: string;
  @Field() createdAt!: Date;
  @Field(() => [ModelVersionType], { description: 'Newest first.' }) versions!: ModelVersionType[];
}

@InputType()
export class SetModelAliasInput {
  @Field() modelName!: string;
  @Field({ description: 'champion, challenger or your own: a lower-case letter, then up to 49 lower-case letters, digits, "_" or "-". Only ops and admin move champion.' })
  alias!: string;
  @Field(() => Int, { description: 'The version number the alias should point at.' }) version!: number;
  @Field({ description: 'Why, kept in the alias history forever: 1-500 characters.' }) reason!: string;
}

@InputType()
export class RemoveModelAliasInput {
  @Field() modelName!: string;
  @Field() alias!: string;
  @Field({ description: 'Why, kept in the alias history forever: 1-500 characters.' }) reason!: string;
}

@InputType()
export class SetModelVersionTagInput {
  @Field(() => ID) modelVersionId!: string;
  @Field({ description: '1-64 letters, digits, ".", "_" or "-".' }) key!: string;
  @Field({ description: 'Up to 1000 characters; replaces any value the key had.' }) value!: string;
}

@InputType()
export class RemoveModelVersionTagInput {
  @Field(() => ID) modelVersionId!: string;
  @Field() key!: string;
}
