import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import { DeployEnvironmentEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('GroundTruth')
export class GroundTruthType {
  @Field() modelName!: string;
  @Field() requestId!: string;
  @Field(() => Int) rowIndex!: number;
  @Field(() => JsonScalar) label!: unknown;
  @Field() recordedBy!: string;
  @Field() recordedAt!: Date;
}

@ObjectType('Prediction', { description: 'One input row of one inference request, as one model version scored it.' })
export class PredictionType {
  @Field() requestId!: string;
  @Field(() => Int) rowIndex!: number;
  @Field() modelName!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'stable, canary, shadow (scored a copy; its answer was not returned) or pinned (the request named the version).' })
  role!: string;
  @Field(() => JsonScalar, { description: 'Feature values by name; null for a missing value.' }) features!: Record<string, unknown>;
  @Field(() => JsonScalar, { nullable: true, description: '{label, probabilities} or {prediction}; null when scoring failed.' })
  output!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Float, { description: "The whole request's scoring time." }) latencyMs!: number;
  @Field() loggedAt!: Date;
  @Field(() => GroundTruthType, { nullable: true }) groundTruth!: GroundTruthType | null;
}

@InputType()
export class RecordGroundTruthInput {
  @Field({ description: 'The model that answered the request: request ids are the callers\', so ground truth is kept per model.' }) modelName!: string;
  @Field({ description: 'The id of the inference request (the response carries it).' }) requestId!: string;
  @Field(() => Int, { nullable: true, description: 'The row within the request; default 0.' }) rowIndex?: number | null;
  @Field(() => JsonScalar, { description: 'The observed outcome: a class label or a number.' }) label!: unknown;
}
