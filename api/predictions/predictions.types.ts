import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import { DeployEnvironmentEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('GroundTruth', { description: 'The observed outcome recorded for one logged prediction.' })
export class GroundTruthType {
  @Field({ description: 'The model that made the prediction.' }) modelName!: string;
  @Field({ description: "The inference request's id." }) requestId!: string;
  @Field(() => Int, { description: 'The row within the request, from 0.' }) rowIndex!: number;
  @Field(() => JsonScalar, { description: 'The observed class label or number.' }) label!: unknown;
  @Field({ description: 'Who recorded it.' }) recordedBy!: string;
  @Field({ description: 'When it was recorded (last changed).' }) recordedAt!: Date;
}

@ObjectType('Prediction', { description: 'One input row of one inference request, as one model version scored it.' })
export class PredictionType {
  @Field({ description: "The inference request's id: the caller's, or one the server made up." }) requestId!: string;
  @Field(() => Int, { description: 'The row within the request, from 0.' }) rowIndex!: number;
  @Field({ description: 'The model called.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'The environment whose serving process answered.' }) environment!: DeployEnvironment;
  @Field(() => ID, { description: 'The version that scored the row.' }) modelVersionId!: string;
  @Field(() => Int, { description: "That version's number." }) version!: number;
  @Field({ description: 'stable, canary, shadow (scored a copy; its answer was not returned) or pinned (the request named the version).' })
  role!: string;
  @Field(() => JsonScalar, { description: 'Feature values by name; null for a missing value.' }) features!: Record<string, unknown>;
  @Field(() => JsonScalar, { nullable: true, description: '{label, probabilities} or {prediction}; null when scoring failed.' })
  output!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'Why scoring failed; null when it succeeded.' }) error!: string | null;
  @Field(() => Float, { description: "The whole request's scoring time." }) latencyMs!: number;
  @Field({ description: 'When the row was scored.' }) loggedAt!: Date;
  @Field(() => GroundTruthType, { nullable: true, description: 'The observed outcome, once recorded (recordGroundTruth); null before.' })
  groundTruth!: GroundTruthType | null;
}

@InputType({ description: 'The observed outcome of one logged prediction (roles engineer, ops and admin).' })
export class RecordGroundTruthInput {
  @Field({ description: 'The model that answered the request: request ids are the callers\', so ground truth is kept per model.' }) modelName!: string;
  @Field({ description: 'The id of the inference request (the response carries it).' }) requestId!: string;
  @Field(() => Int, { nullable: true, description: 'The row within the request; default 0.' }) rowIndex?: number | null;
  @Field(() => JsonScalar, { description: 'The observed outcome: a class label or a number.' }) label!: unknown;
}
