import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { CanaryObservation } from '../../domain/deployment';
import { DeployEnvironmentEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('WeightChange')
export class WeightChangeType {
  @Field(() => Int) weight!: number;
  @Field() at!: string;
}

@ObjectType('Deployment')
export class DeploymentType {
  @Field(() => ID) id!: string;
  @Field() modelName!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => Int) version!: number;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field({ description: 'CANARY, PROMOTE or ROLLBACK' }) kind!: string;
  @Field({ description: 'RUNNING, PROMOTED or ROLLED_BACK (a failed or cancelled canary is rolled back)' }) status!: string;
  @Field(() => ID, { nullable: true, description: 'The stable version it replaced.' }) previousVersionId!: string | null;
  @Field(() => Int, { description: 'The canary’s current share of traffic, in percent.' }) trafficWeight!: number;
  @Field(() => [WeightChangeType]) weights!: { weight: number; at: string }[];
  @Field(() => [JsonScalar], { description: 'Each observed canary window: requests, error rate, p95 latencies, prediction shift, verdict.' })
  observations!: CanaryObservation[];
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field({ description: 'Who or what started it: a pipeline, or an operator.' }) triggeredBy!: string;
  @Field() workflowId!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType('TrafficRoute')
export class TrafficRouteType {
  @Field() modelName!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => ID, { nullable: true }) stableVersionId!: string | null;
  @Field(() => ID, { nullable: true }) canaryVersionId!: string | null;
  @Field(() => Int) canaryWeight!: number;
  @Field(() => ID, { nullable: true }) shadowVersionId!: string | null;
  @Field() updatedAt!: Date;
}

@InputType()
export class SetStableVersionInput {
  @Field() modelName!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => Int, { description: 'The version to make stable at once.' }) version!: number;
  @Field() reason!: string;
}

@InputType()
export class SetShadowVersionInput {
  @Field() modelName!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => Int, { nullable: true, description: 'The version to score a copy of live requests with; null stops shadowing.' })
  version?: number | null;
  @Field() reason!: string;
}
