import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Metrics } from '../../domain/pipeline';
import { ModelTaskEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('ModelVersionTag', { description: 'A free-form key and value on a model version.' })
export class ModelVersionTagType {
  @Field({ description: "The tag's key." }) key!: string;
  @Field({ description: 'The tag\'s value, up to 1000 characters.' }) value!: string;
  @Field({ description: 'Who set the value.' }) setBy!: string;
  @Field({ description: 'When the value was set.' }) setAt!: Date;
}

@ObjectType('ModelVersion', { description: 'One registered version of a model: an ONNX file with its metrics, lineage and evaluation report.' })
export class ModelVersionType {
  @Field(() => ID, { description: "The version's id: what provenance, lineage and the tag mutations take." }) id!: string;
  @Field({ description: 'The model it is a version of.' }) modelName!: string;
  @Field(() => Int, { description: 'Numbered 1, 2, ... per model.' }) version!: number;
  @Field(() => JsonScalar, { description: 'Held-out metrics, e.g. {"accuracy": 0.97}.' }) metrics!: Metrics;
  @Field({ description: 'file:// URL of the ONNX file in the artifact store; it takes raw feature values (the ONNX model contract).' }) artifactUri!: string;
  @Field({ description: 'SHA-256 of the ONNX file: GET /artifacts/<sha256> downloads it.' }) artifactSha256!: string;
  @Field(() => [String], { description: 'The aliases of the model that point at this version now, by name.' }) aliases!: string[];
  @Field({ description: 'The column it predicts.' }) target!: string;
  @Field(() => [String], { description: 'The columns it reads, in the order given at training.' }) features!: string[];
  @Field(() => [String], { description: 'Classification: the classes, in the order of its probabilities output; empty for regression.' })
  classLabels!: string[];
  @Field(() => JsonScalar, { description: 'What it was trained with (for built-ins, defaults filled in); empty for imports.' })
  hyperparameters!: Record<string, number>;
  @Field(() => ID, { description: 'The dataset version it was trained (or, imported, evaluated) on.' }) datasetVersionId!: string;
  @Field(() => ID, { nullable: true, description: 'The run that registered it; null for versions registered without one.' }) pipelineRunId!: string | null;
  @Field({ description: 'When it was registered.' }) createdAt!: Date;
}

@ObjectType('ModelAlias', { description: 'Where an alias of a model points now.' })
export class ModelAliasType {
  @Field({ description: 'The alias, e.g. champion.' }) alias!: string;
  @Field(() => Int, { description: 'The version number it points at.' }) version!: number;
  @Field({ description: 'Who pointed it there.' }) setBy!: string;
  @Field({ description: 'When the alias was moved there.' }) setAt!: Date;
}

@ObjectType('ModelAliasEvent', { description: 'One move of an alias; a null toVersion is a removal, a null fromVersion its first setting.' })
export class ModelAliasEventType {
  @Field({ description: 'The alias moved.' }) alias!: string;
  @Field(() => Int, { nullable: true, description: 'The version it pointed at before; null for its first setting.' }) fromVersion!: number | null;
  @Field(() => Int, { nullable: true, description: 'The version it points at after; null for a removal.' }) toVersion!: number | null;
  @Field({ description: 'Who moved it (system:deployment when a deployment did).' }) actor!: string;
  @Field({ description: 'Why, as given.' }) reason!: string;
  @Field({ description: 'When it moved.' }) at!: Date;
}

@ObjectType('Model', { description: 'A named model and its versions.' })
export class ModelType {
  @Field(() => ID, { description: "The model's id." }) id!: string;
  @Field({ description: "The model's name: what model, pipelines, serving URLs and drift scans take." }) name!: string;
  @Field(() => ModelTaskEnum, { description: 'CLASSIFICATION or REGRESSION, fixed by its first version.' }) task!: string;
  @Field({ description: 'When its first version was registered.' }) createdAt!: Date;
  @Field(() => [ModelVersionType], { description: 'Newest first.' }) versions!: ModelVersionType[];
}

@InputType({ description: 'Point an alias at a version (roles engineer, ops and admin; champion: ops and admin only).' })
export class SetModelAliasInput {
  @Field({ description: 'The model whose alias moves.' }) modelName!: string;
  @Field({ description: 'champion, challenger or your own: a lower-case letter, then up to 49 lower-case letters, digits, "_" or "-". Only ops and admin move champion.' })
  alias!: string;
  @Field(() => Int, { description: 'The version number the alias should point at.' }) version!: number;
  @Field({ description: 'Why, kept in the alias history forever: 1-500 characters.' }) reason!: string;
}

@InputType({ description: 'Remove an alias of a model (roles engineer, ops and admin; champion: ops and admin only).' })
export class RemoveModelAliasInput {
  @Field({ description: 'The model whose alias goes.' }) modelName!: string;
  @Field({ description: 'The alias to remove.' }) alias!: string;
  @Field({ description: 'Why, kept in the alias history forever: 1-500 characters.' }) reason!: string;
}

@InputType({ description: 'Set a tag of a model version (roles engineer and admin).' })
export class SetModelVersionTagInput {
  @Field(() => ID, { description: 'The version to tag.' }) modelVersionId!: string;
  @Field({ description: '1-64 letters, digits, ".", "_" or "-".' }) key!: string;
  @Field({ description: 'Up to 1000 characters; replaces any value the key had.' }) value!: string;
}

@InputType({ description: 'Remove a tag of a model version (roles engineer and admin).' })
export class RemoveModelVersionTagInput {
  @Field(() => ID, { description: 'The version to untag.' }) modelVersionId!: string;
  @Field({ description: 'The tag to remove.' }) key!: string;
}
