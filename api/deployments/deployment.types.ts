import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { CanaryObservation } from '../../domain/deployment';
import { BREAK_GLASS_OPERATIONS, type BreakGlassOperation } from '../../domain/release-guard';
import { DeployEnvironmentEnum, enumOf } from '../common/enums';
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
  @Field(() => ID, { nullable: true, description: 'Set when the deployment went past the release guard: the break-glass two admins agreed on (BreakGlass.id).' })
  breakGlassId!: string | null;
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

export const BreakGlassOperationEnum = enumOf(BREAK_GLASS_OPERATIONS);
registerEnumType(BreakGlassOperationEnum, {
  name: 'BreakGlassOperation',
  description: 'What a break-glass does once confirmed: PROMOTE or ROLLBACK the version (as promoteDeployment, rollbackDeployment do), or SET_SHADOW to it.',
});

export const BREAK_GLASS_STATUSES = ['PENDING', 'CONFIRMED', 'EXPIRED'] as const;
export type BreakGlassStatus = (typeof BREAK_GLASS_STATUSES)[number];
export const BreakGlassStatusEnum = enumOf(BREAK_GLASS_STATUSES);
registerEnumType(BreakGlassStatusEnum, { name: 'BreakGlassStatus', description: 'PENDING: waiting for a second admin; CONFIRMED: done; EXPIRED: nobody confirmed it in time.' });

@ObjectType('BreakGlass', {
  description: 'An operation past the release guard (no APPROVED gate for the version there): one admin asked with a reason, a second admin confirmed. Flagged in the audit log, deployments and provenance.',
})
export class BreakGlassType {
  @Field(() => ID) id!: string;
  @Field(() => BreakGlassOperationEnum) operation!: BreakGlassOperation;
  @Field() modelName!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => Int) version!: number;
  @Field() reason!: string;
  @Field({ description: 'What the release guard found missing when it was asked for.' }) missing!: string;
  @Field(() => BreakGlassStatusEnum) status!: BreakGlassStatus;
  @Field() requestedBy!: string;
  @Field() requestedAt!: Date;
  @Field({ description: 'A second admin must confirm before this.' }) expiresAt!: Date;
  @Field(() => String, { nullable: true }) confirmedBy!: string | null;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The deployment a confirmed PROMOTE or ROLLBACK ran.' }) deploymentId!: string | null;
}

@InputType()
export class RequestBreakGlassInput {
  @Field(() => BreakGlassOperationEnum) operation!: BreakGlassOperation;
  @Field() modelName!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => Int, { description: 'The version to promote, roll back to or shadow with.' }) version!: number;
  @Field({ description: 'Why the release guard must be bypassed: kept with the operation, in the audit log and in provenance.' }) reason!: string;
}
