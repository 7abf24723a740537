import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Decision, DeployEnvironment, GateEvidence, GateStatus } from '../../domain/approval';
import { PageInfo } from '../common/connection';
import { DecisionEnum, DeployEnvironmentEnum, GateStatusEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';
import type { Role } from '../../domain/roles';
import { ApproverRoleEnum } from './approval-policy.types';

@ObjectType('GateDecision', { description: "One person's decision on an approval gate." })
export class GateDecisionType {
  @Field({ description: 'Who decided: the name of their API token, or of the token their Slack account is linked to.' }) actor!: string;
  @Field(() => DecisionEnum, { description: 'APPROVE or REJECT.' }) decision!: Decision;
  @Field(() => String, { nullable: true, description: 'What the approver wrote; always set on a rejection, null when an approval came without one.' })
  comment!: string | null;
  @Field({ description: 'graphql or slack' }) channel!: string;
  @Field({ description: 'When the decision was recorded.' }) decidedAt!: Date;
}

@ObjectType('ApprovalSubject', { description: 'What a gate is about: a model release (kind model_version) or whatever a workflow asked approval for.' })
export class ApprovalSubjectType {
  @Field({ description: 'model_version for a model release; otherwise the kind the requesting workflow named (report, dataset, ...).' }) kind!: string;
  @Field({ description: 'The subject\'s id in its own system (a model version id for a release).' }) id!: string;
  @Field({ description: 'A human-readable name of the subject, shown to approvers (for a release: model name and version).' }) title!: string;
  @Field(() => String, { nullable: true, description: 'Where an approver can look at the subject.' }) url!: string | null;
}

@ObjectType('EvidenceLink', { description: 'A link the requester attached for approvers to follow.' })
export class EvidenceLinkType {
  @Field({ description: 'The link\'s text, e.g. "Draft".' }) label!: string;
  @Field({ description: 'Where it points.' }) url!: string;
}

@ObjectType('ApprovalGate', {
  description:
    'A human approval step: a durable workflow that waits until enough approvers approve, one rejects, or the deadline passes. Every pipeline run with deploy opens one; your own workflows open one with requestApproval.',
})
export class ApprovalGateType {
  @Field(() => ID, { description: "The gate's id, what decideApproval takes." }) id!: string;
  @Field({ description: 'The workflow holding the gate: decisions are sent to it.' }) workflowId!: string;
  @Field(() => ApprovalSubjectType, { description: 'What is to be approved.' }) subject!: ApprovalSubjectType;
  @Field(() => String, { nullable: true, description: 'The approval policy the gate follows: the one the request named, or the one governing the model release.' })
  policy!: string | null;
  @Field(() => ID, { nullable: true, description: 'The approval policy applied, as it was then (policyVersion); null for gates without one.' }) policyId!: string | null;
  @Field(() => Int, { nullable: true, description: 'The version of the approval policy the gate applied; null for gates without a policy.' })
  policyVersion!: number | null;
  @Field(() => [ApproverRoleEnum], { description: 'Holders of these roles may decide (or policyApprovers); both empty: anyone with an approver role.' }) approverRoles!: Role[];
  @Field(() => [String], { description: 'The people the policy lets decide (or holders of approverRoles).' }) policyApprovers!: string[];
  @Field(() => [String], { description: 'People who may never decide: the policy’s exclusions and, for a drift-triggered run, whoever last set the retraining policy.' })
  excludedApprovers!: string[];
  @Field(() => [EvidenceLinkType], { description: 'Links the requester attached for approvers to follow; empty for a model release, whose evidence is in evidence.' })
  evidenceLinks!: EvidenceLinkType[];
  @Field(() => ID, { nullable: true, description: 'The version a model release gate guards; null for other subjects.' }) modelVersionId!: string | null;
  @Field(() => String, { nullable: true, description: 'The pipeline run that asked for a model release; null for other subjects.' }) pipelineWorkflowId!: string | null;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'The environment a model release asks for; null for other subjects.' })
  environment!: DeployEnvironment | null;
  @Field(() => GateStatusEnum, { description: 'PENDING while it waits for decisions; then APPROVED, REJECTED, EXPIRED or CANCELLED, for good.' })
  status!: GateStatus;
  @Field(() => Int, { description: "Distinct approvals needed to approve: what the request asked for, raised to its approval policy's minimum." })
  requiredApprovals!: number;
  @Field(() => [String], { description: 'Named approvers; empty means anyone with the approver or admin role.' }) approvers!: string[];
  @Field({ description: 'Who asked (who started the pipeline, for a release); they may not decide the gate.' }) requestedBy!: string;
  @Field(() => JsonScalar, { nullable: true, description: 'For a model release: metrics, champion comparison, quality checks, validation, fairness, importance, lineage link.' })
  evidence!: GateEvidence | null;
  @Field({ description: 'When the gate expires if it is still PENDING.' }) deadline!: Date;
  @Field(() => Date, { nullable: true, description: 'When approvers were last reminded; null before the first reminder.' }) remindedAt!: Date | null;
  @Field(() => [GateDecisionType], { description: 'The decisions so far, oldest first.' }) decisions!: GateDecisionType[];
  @Field({ description: 'When the gate opened.' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was approved, rejected, expired or cancelled; null while PENDING.' }) closedAt!: Date | null;
}

@ObjectType({ description: 'One gate in a page of approvalGates.' })
export class ApprovalGateEdge {
  @Field({ description: 'Pass as `after` to continue after this gate.' }) cursor!: string;
  @Field(() => ApprovalGateType, { description: 'The gate.' }) node!: ApprovalGateType;
}

@ObjectType({ description: 'A page of approval gates, newest first.' })
export class ApprovalGateConnection {
  @Field(() => [ApprovalGateEdge], { description: 'The gates of this page.' }) edges!: ApprovalGateEdge[];
  @Field(() => PageInfo, { description: 'Whether there are more, and the cursor to continue from.' }) pageInfo!: PageInfo;
}

@InputType({ description: 'A decision on an open approval gate (roles approver and admin; never the person who asked for the approval).' })
export class DecideApprovalInput {
  @Field(() => ID, { description: 'The gate to decide (ApprovalGate.id).' }) gateId!: string;
  @Field(() => DecisionEnum, { description: 'APPROVE or REJECT; one rejection closes the gate REJECTED.' }) decision!: Decision;
  @Field(() => String, { nullable: true, description: 'Required to reject.' }) comment?: string | null;
}

@InputType({ description: 'How a canary deployment raises its traffic and what counts as a failed step; every field has a default.' })
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

@InputType({ description: 'Ask for approval and deployment once the model passes its quality checks.' })
export class DeployInput {
  @Field(() => DeployEnvironmentEnum, { description: 'Where to deploy: STAGING or PRODUCTION.' }) environment!: DeployEnvironment;
  @Field(() => Int, { nullable: true, description: 'Distinct approvals needed (default 1 for STAGING, 2 for PRODUCTION).' })
  requiredApprovals?: number;
  @Field(() => [String], { nullable: true, description: 'Only these people may decide (names as in PROVENANT_API_TOKENS).' })
  approvers?: string[];
  @Field({ nullable: true, description: 'Remind approvers after this long, e.g. "4h" (default 4h).' }) remindAfter?: string;
  @Field({ nullable: true, description: 'Expire the gate after this long, e.g. "3d" (default 3d).' }) expiresAfter?: string;
  @Field(() => CanaryInput, { nullable: true, description: "The canary's steps and limits; defaults apply to fields left out. A model's first version in an environment becomes stable without a canary." })
  canary?: CanaryInput;
}
