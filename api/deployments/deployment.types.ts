import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { CanaryObservation } from '../../domain/deployment';
import { BREAK_GLASS_OPERATIONS, type BreakGlassOperation } from '../../domain/release-guard';
import { DeployEnvironmentEnum, enumOf } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('WeightChange', { description: "One step of a canary's share of traffic." })
export class WeightChangeType {
  @Field(() => Int, { description: "The canary's share of traffic from then on, in percent." }) weight!: number;
  @Field({ description: 'When the share changed (ISO 8601).' }) at!: string;
}

@ObjectType('Deployment', {
  description:
    "One change of a model's traffic route in an environment: a canary rollout, or an operator's promotion or rollback, run as a durable workflow.",
})
export class DeploymentType {
  @Field(() => ID, { description: "The deployment's id." }) id!: string;
  @Field({ description: 'The model deployed.' }) modelName!: string;
  @Field(() => ID, { description: 'The version deployed (or rolled back to).' }) modelVersionId!: string;
  @Field(() => Int, { description: "That version's number." }) version!: number;
  @Field(() => DeployEnvironmentEnum, { description: 'STAGING or PRODUCTION.' }) environment!: DeployEnvironment;
  @Field({ description: 'CANARY, PROMOTE or ROLLBACK' }) kind!: string;
  @Field({ description: 'RUNNING, PROMOTED or ROLLED_BACK (a failed or cancelled canary is rolled back)' }) status!: string;
  @Field(() => ID, { nullable: true, description: 'The stable version it replaced.' }) previousVersionId!: string | null;
  @Field(() => Int, { description: 'The canary’s current share of traffic, in percent.' }) trafficWeight!: number;
  @Field(() => [WeightChangeType], { description: "The canary's traffic steps so far, oldest first; empty for a promotion, a rollback or a first version." })
  weights!: { weight: number; at: string }[];
  @Field(() => [JsonScalar], { description: 'Each observed canary window: requests, error rate, p95 latencies, prediction shift, verdict.' })
  observations!: CanaryObservation[];
  @Field(() => String, { nullable: true, description: "Why it was promoted or rolled back (a failed step names its limit), or the operator's reason; null while RUNNING." })
  reason!: string | null;
  @Field({ description: 'Who or what started it: a pipeline, or an operator.' }) triggeredBy!: string;
  @Field({ description: 'Its deploymentWorkflow in Temporal.' }) workflowId!: string;
  @Field({ description: 'When it started.' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was promoted or rolled back; null while RUNNING.' }) finishedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'Set when the deployment went past the release guard: the break-glass two admins agreed on (BreakGlass.id).' })
  breakGlassId!: string | null;
}

@ObjectType('TrafficRoute', { description: 'Which versions of a model answer requests in one environment, read by the serving process.' })
export class TrafficRouteType {
  @Field({ description: 'The model routed.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'STAGING or PRODUCTION.' }) environment!: DeployEnvironment;
  @Field(() => ID, { nullable: true, description: 'The version that answers (the rest of) the traffic; null before the first deployment.' })
  stableVersionId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The version under canary; null when no canary runs.' }) canaryVersionId!: string | null;
  @Field(() => Int, { description: "The canary's share of requests, in percent (0 without a canary)." }) canaryWeight!: number;
  @Field(() => ID, { nullable: true, description: 'The version scoring a copy of every request without answering it; null when nothing shadows.' })
  shadowVersionId!: string | null;
  @Field({ description: 'When the route last changed.' }) updatedAt!: Date;
}

@InputType({ description: "An operator's promotion or rollback (roles ops and admin): the version becomes stable at once, without a canary." })
export class SetStableVersionInput {
  @Field({ description: 'The model whose route changes.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'The environment whose route changes.' }) environment!: DeployEnvironment;
  @Field(() => Int, { description: 'The version to make stable at once.' }) version!: number;
  @Field({ description: 'Why, kept with the deployment and in the audit log.' }) reason!: string;
}

@InputType({ description: "Start or stop shadow scoring of a model's live requests in an environment (roles ops and admin)." })
export class SetShadowVersionInput {
  @Field({ description: 'The model whose requests are copied.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'The environment whose requests are copied.' }) environment!: DeployEnvironment;
  @Field(() => Int, { nullable: true, description: 'The version to score a copy of live requests with; null stops shadowing.' })
  version?: number | null;
  @Field({ description: 'Why, kept in the audit log.' }) reason!: string;
}

export const BreakGlassOperationEnum = enumOf(BREAK_GLASS_OPERATIONS);
registerEnumType(BreakGlassOperationEnum, {
  name: 'BreakGlassOperation',
  description: 'What a break-glass does once confirmed.',
  valuesMap: {
    PROMOTE: { description: 'Make the version stable at once, as promoteDeployment does.' },
    ROLLBACK: { description: 'Put the version back as stable at once, as rollbackDeployment does.' },
    SET_SHADOW: { description: 'Shadow live requests with the version, as setShadowVersion does.' },
  },
});

export const BREAK_GLASS_STATUSES = ['PENDING', 'CONFIRMED', 'EXPIRED'] as const;
export type BreakGlassStatus = (typeof BREAK_GLASS_STATUSES)[number];
export const BreakGlassStatusEnum = enumOf(BREAK_GLASS_STATUSES);
registerEnumType(BreakGlassStatusEnum, {
  name: 'BreakGlassStatus',
  description: 'Where a break-glass stands.',
  valuesMap: {
    PENDING: { description: 'Waiting for a second admin to confirm.' },
    CONFIRMED: { description: 'A second admin confirmed it and the operation ran.' },
    EXPIRED: { description: 'Nobody confirmed it before expiresAt; nothing changed.' },
  },
});

@ObjectType('BreakGlass', {
  description: 'An operation past the release guard (no APPROVED gate for the version there): one admin asked with a reason, a second admin confirmed. Flagged in the audit log, deployments and provenance.',
})
export class BreakGlassType {
  @Field(() => ID, { description: 'What confirmBreakGlass takes.' }) id!: string;
  @Field(() => BreakGlassOperationEnum, { description: 'What it does once confirmed.' }) operation!: BreakGlassOperation;
  @Field({ description: 'The model it concerns.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'The environment whose route it changes.' }) environment!: DeployEnvironment;
  @Field(() => ID, { description: 'The version it promotes, rolls back to or shadows with.' }) modelVersionId!: string;
  @Field(() => Int, { description: "That version's number." }) version!: number;
  @Field({ description: 'Why the requesting admin bypasses the release guard.' }) reason!: string;
  @Field({ description: 'What the release guard found missing when it was asked for.' }) missing!: string;
  @Field(() => BreakGlassStatusEnum, { description: 'PENDING until a second admin confirms it or expiresAt passes.' }) status!: BreakGlassStatus;
  @Field({ description: 'The admin who asked.' }) requestedBy!: string;
  @Field({ description: 'When it was asked for.' }) requestedAt!: Date;
  @Field({ description: 'A second admin must confirm before this.' }) expiresAt!: Date;
  @Field(() => String, { nullable: true, description: 'The second admin who confirmed; null unless CONFIRMED.' }) confirmedBy!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was confirmed; null unless CONFIRMED.' }) confirmedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The deployment a confirmed PROMOTE or ROLLBACK ran.' }) deploymentId!: string | null;
}

@InputType({ description: 'An operation past the release guard to ask a second admin for (admins only).' })
export class RequestBreakGlassInput {
  @Field(() => BreakGlassOperationEnum, { description: 'PROMOTE, ROLLBACK or SET_SHADOW.' }) operation!: BreakGlassOperation;
  @Field({ description: 'The model it concerns.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'The environment whose route it changes.' }) environment!: DeployEnvironment;
  @Field(() => Int, { description: 'The version to promote, roll back to or shadow with.' }) version!: number;
  @Field({ description: 'Why the release guard must be bypassed: kept with the operation, in the audit log and in provenance.' }) reason!: string;
}
