import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Decision, DeployEnvironment, GateEvidence, GateStatus } from '../../domain/approval';
import { PageInfo } from '../common/connection';
import { DecisionEnum, DeployEnvironmentEnum, GateStatusEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';
import type { Role } from '../../domain/roles';
import { ApproverRoleEnum } from './approval-policy.types';

@ObjectType('GateDecision')
export class GateDecisionType {
  @Field() actor!: string;
  @Field(() => DecisionEnum) decision!: Decision;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field({ description: 'graphql or slack' }) channel!: string;
  @Field() decidedAt!: Date;
}

@ObjectType('ApprovalSubject', { description: 'What a gate is about: a model release (kind model_version) or whatever a workflow asked approval for.' })
export class ApprovalSubjectType {
  @Field({ description: 'model_version for a model release; otherwise the kind the requesting workflow named (report, dataset, ...).' }) kind!: string;
  @Field({ description: 'The subject\'s id in its own system (a model version id for a release).' }) id!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true, description: 'Where an approver can look at the subject.' }) url!: string | null;
}

@ObjectType('EvidenceLink', { description: 'A link the requester attached for approvers to follow.' })
export class EvidenceLinkType {
  @Field() label!: string;
  @Field() url!: string;
}

@ObjectType('ApprovalGate')
export class ApprovalGateType {
  @Field(() => ID) id!: string;
  @Field({ description: 'The workflow holding the gate: decisions are sent to it.' }) workflowId!: string;
  @Field(() => ApprovalSubjectType) subject!: ApprovalSubjectType;
  @Field(() => String, { nullable: true, description: 'The approval policy the gate follows: the one the request named, or the one governing the model release.' })
  policy!: string | null;
  @Field(() => ID, { nullable: true, description: 'The approval policy applied, as it was then (policyVersion); null for gates without one.' }) policyId!: string | null;
  @Field(() => Int, { nullable: true }) policyVersion!: number | null;
  @Field(() => [ApproverRoleEnum], { description: 'Holders of these roles may decide (or policyApprovers); both empty: anyone with an approver role.' }) approverRoles!: Role[];
  @Field(() => [String], { description: 'The people the policy lets decide (or holders of approverRoles).' }) policyApprovers!: string[];
  @Field(() => [String], { description: 'People who may never decide: the policy’s exclusions and, for a drift-triggered run, whoever last set the retraining policy.' })
  excludedApprovers!: string[];
  @Field(() => String, { nullable: true, description: 'How long the gate may stay open, as its approval policy left it (e.g. "2d"); it expires at its deadline. Null for gates without a policy.' })
  expiresAfter!: string | null;
  @Field(() => [EvidenceLinkType]) evidenceLinks!: EvidenceLinkType[];
  @Field(() => ID, { nullable: true, description: 'The version a model release gate guards; null for other subjects.' }) modelVersionId!: string | null;
  @Field(() => String, { nullable: true, description: 'The pipeline run that asked for a model release; null for other subjects.' }) pipelineWorkflowId!: string | null;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'The environment a model release asks for; null for other subjects.' })
  environment!: DeployEnvironment | null;
  @Field(() => GateStatusEnum) status!: GateStatus;
  @Field(() => Int) requiredApprovals!: number;
  @Field(() => [String], { description: 'Named approvers; empty means anyone with the approver or admin role.' }) approvers!: string[];
  @Field({ description: 'Who asked (who started the pipeline, for a release); they may not decide the gate.' }) requestedBy!: string;
  @Field(() => JsonScalar, { nullable: true, description: 'For a model release: metrics, champion comparison, quality checks, validation, fairness, importance, lineage link.' })
  evidence!: GateEvidence | null;
  @Field() deadline!: Date;
  @Field(() => Date, { nullable: true }) remindedAt!: Date | null;
  @Field(() => [GateDecisionType]) decisions!: GateDecisionType[];
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
}

@ObjectType()
export class ApprovalGateEdge {
  @Field() cursor!: string;
  @Field(() => ApprovalGateType) node!: ApprovalGateType;
}

@ObjectType()
export class ApprovalGateConnection {
  @Field(() => [ApprovalGateEdge]) edges!: ApprovalGateEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType()
export class DecideApprovalInput {
  @Field(() => ID) gateId!: string;
  @Field(() => DecisionEnum) decision!: Decision;
  @Field(() => String, { nullable: true, description: 'Required to reject.' }) comment?: string | null;
}

@InputType()
export class CanaryInput {
  @Field(() => [Int], { nullable: true, description: 'Canary traffic steps in percent, ascending, ending at 100 (default 10, 50, 100).' })
  steps?: number[];
  @Field({ nullable: true, description: 'How long each step is watched, e.g. "5m" (default 5m).' }) observationWindow?: string;
  @Field(() => Float, { nullable: true, description: 'Largest share of failed canary requests (default 0.01).' }) maxErrorRate?: number;
  @Field(() => Float, { nullable: true, description: 'Largest canary p95 latency as a multiple of stable (default 2).' }) maxLatencyRatio?: number;
  @Field(() => Float, { nullable: true, description: 'Largest Jensen–Shannon distance between prediction distributions (default 0.3).' })
  maxPredictionShift?: number;
  @Field(() => Int, { nullable: true, description: 'Fewest canary requests a step needs to pass (default 20).' }) minRequests?: number;
}

@InputType()
export class DeployInput {
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => Int, { nullable: true, description: 'Distinct approvals needed (default 1 for STAGING, 2 for PRODUCTION).' })
  requiredApprovals?: number;
  @Field(() => [String], { nullable: true, description: 'Only these people may decide (names as in PROVENANT_API_TOKENS).' })
  approvers?: string[];
  @Field({ nullable: true, description: 'Remind approvers after this long, e.g. "4h" (default 4h).' }) remindAfter?: string;
  @Field({ nullable: true, description: 'Expire the gate after this long, e.g. "3d" (default 3d).' }) expiresAfter?: string;
  @Field(() => CanaryInput, { nullable: true }) canary?: CanaryInput;
}
