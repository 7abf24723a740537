import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Decision, DeployEnvironment, GateStatus } from '../../domain/approval';
import type { PipelineStatus } from '../../domain/pipeline';
import type { ObjectiveGoal, TuningStrategy } from '../../domain/tuning';
import { DecisionEnum, DeployEnvironmentEnum, enumOf, GateStatusEnum, ObjectiveGoalEnum, PipelineStatusEnum, TuningStrategyEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';
import { QualityCheckResultType } from '../evaluation/evaluation.types';
import { ValidationCheckType } from '../validation/validation.types';

export const DATASET_USAGES = ['TRAINING', 'EVALUATION', 'DRIFT_REFERENCE', 'DRIFT_CURRENT'] as const;
export type DatasetUsage = (typeof DATASET_USAGES)[number];
export const DatasetUsageEnum = enumOf(DATASET_USAGES);
registerEnumType(DatasetUsageEnum, {
  name: 'DatasetUsage',
  description:
    'TRAINING: split into the rows the model was trained and tested on; EVALUATION: an imported model was evaluated on it; DRIFT_REFERENCE / DRIFT_CURRENT: a drift scan of the version compared it.',
});

const AUDIT_EVENT_IDS = { description: 'The audit events that record this, oldest first (AuditEvent.id).' };

@ObjectType('NamedNumber')
export class NamedNumberType {
  @Field() name!: string;
  @Field(() => Float) value!: number;
}

@ObjectType('ProvenanceModelVersion')
export class ProvenanceModelVersionType {
  @Field(() => ID) id!: string;
  @Field() modelName!: string;
  @Field(() => Int) version!: number;
  @Field() artifactSha256!: string;
  @Field() registeredAt!: Date;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDataset')
export class ProvenanceDatasetType {
  @Field(() => ID) datasetVersionId!: string;
  @Field() datasetName!: string;
  @Field(() => Int) version!: number;
  @Field() contentSha256!: string;
  @Field(() => Int) rowCount!: number;
  @Field() format!: string;
  @Field() sourceUri!: string;
  @Field() registeredBy!: string;
  @Field() registeredAt!: Date;
  @Field(() => [DatasetUsageEnum]) usedAs!: DatasetUsage[];
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenancePipelineRun', { description: 'The run that trained (or imported) the version.' })
export class ProvenancePipelineRunType {
  @Field(() => ID) id!: string;
  @Field() workflowId!: string;
  @Field(() => PipelineStatusEnum) status!: PipelineStatus;
  @Field() requestedBy!: string;
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceCode', { description: 'The code and runtime the version was trained with, from the run’s reproducibility record.' })
export class ProvenanceCodeType {
  @Field() trainer!: string;
  @Field({ description: 'Provenant’s version for built-in trainers, the registered version for external ones, the ONNX file’s sha256 for imports.' })
  trainerVersion!: string;
  @Field(() => String, { nullable: true }) gitCommit!: string | null;
  @Field() nodeVersion!: string;
  @Field() onnxruntimeVersion!: string;
  @Field() provenantVersion!: string;
  @Field(() => String, { nullable: true, description: 'For a model imported from an MLflow model directory: the MLflow run that logged it (its MLmodel run_id).' })
  mlflowRunId!: string | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceTuning')
export class ProvenanceTuningType {
  @Field(() => TuningStrategyEnum) strategy!: TuningStrategy;
  @Field() objectiveMetric!: string;
  @Field(() => ObjectiveGoalEnum) objectiveGoal!: ObjectiveGoal;
  @Field(() => Int) maxTrials!: number;
  @Field(() => Int) trials!: number;
  @Field(() => Int) succeededTrials!: number;
  @Field(() => Int) failedTrials!: number;
  @Field(() => Float, { nullable: true, description: 'The best objective value a trial reached on the validation split.' }) bestValue!: number | null;
}

@ObjectType('ProvenanceParameters')
export class ProvenanceParametersType {
  @Field(() => [NamedNumberType], { description: 'What the model was trained with, defaults and tuning included.' }) hyperparameters!: NamedNumberType[];
  @Field(() => [NamedNumberType], { description: 'What the run asked for.' }) requestedHyperparameters!: NamedNumberType[];
  @Field(() => Int) seed!: number;
  @Field(() => Float) testFraction!: number;
  @Field(() => Int, { nullable: true }) crossValidationFolds!: number | null;
  @Field(() => ProvenanceTuningType, { nullable: true }) tuning!: ProvenanceTuningType | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceValidation')
export class ProvenanceValidationType {
  @Field(() => ID) reportId!: string;
  @Field({ description: 'PASS, WARN or FAIL' }) status!: string;
  @Field(() => [ValidationCheckType]) failingChecks!: ValidationCheckType[];
  @Field(() => [ValidationCheckType]) warningChecks!: ValidationCheckType[];
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('MetricComparison')
export class MetricComparisonType {
  @Field() metric!: string;
  @Field(() => Float) candidate!: number;
  @Field(() => Float) champion!: number;
  @Field(() => Float, { description: 'candidate − champion' }) delta!: number;
}

@ObjectType('ProvenanceChampionComparison')
export class ProvenanceChampionComparisonType {
  @Field(() => ID) championVersionId!: string;
  @Field(() => Int) championVersion!: number;
  @Field(() => [MetricComparisonType]) metrics!: MetricComparisonType[];
}

@ObjectType('ProvenanceEvaluation')
export class ProvenanceEvaluationType {
  @Field(() => ID) reportId!: string;
  @Field(() => Int) testRowCount!: number;
  @Field(() => [NamedNumberType]) metrics!: NamedNumberType[];
  @Field() qualityChecksPassed!: boolean;
  @Field(() => [QualityCheckResultType]) qualityChecks!: QualityCheckResultType[];
  @Field(() => ProvenanceChampionComparisonType, { nullable: true }) champion!: ProvenanceChampionComparisonType | null;
  @Field(() => String, { nullable: true }) championSkipped!: string | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDecision')
export class ProvenanceDecisionType {
  @Field() actor!: string;
  @Field(() => DecisionEnum) decision!: Decision;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field({ description: 'graphql or slack' }) channel!: string;
  @Field() decidedAt!: Date;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceApprovalGate')
export class ProvenanceApprovalGateType {
  @Field(() => ID) id!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field(() => GateStatusEnum) status!: GateStatus;
  @Field(() => String, { nullable: true, description: 'The approval policy the gate applied, as it was then (policyVersion).' }) policy!: string | null;
  @Field(() => Int, { nullable: true }) policyVersion!: number | null;
  @Field(() => Int) requiredApprovals!: number;
  @Field() requestedBy!: string;
  @Field() openedAt!: Date;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => [ProvenanceDecisionType], { description: 'In the order they were made.' }) decisions!: ProvenanceDecisionType[];
  @Field(() => [ID], { description: 'The gate’s own audit events (opened, reminded, posted to Slack, outcome); each decision carries its own.' })
  auditEventIds!: string[];
}

@ObjectType('ProvenanceBreakGlass', {
  description: 'An operation on the version past the release guard: asked for by one admin with a reason, confirmed (or not, in time) by a second.',
})
export class ProvenanceBreakGlassType {
  @Field(() => ID) id!: string;
  @Field({ description: 'PROMOTE, ROLLBACK or SET_SHADOW' }) operation!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field({ description: 'PENDING, CONFIRMED or EXPIRED' }) status!: string;
  @Field() reason!: string;
  @Field({ description: 'What the release guard found missing.' }) missing!: string;
  @Field() requestedBy!: string;
  @Field() requestedAt!: Date;
  @Field(() => String, { nullable: true }) confirmedBy!: string | null;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDeployment')
export class ProvenanceDeploymentType {
  @Field(() => ID) id!: string;
  @Field(() => DeployEnvironmentEnum) environment!: DeployEnvironment;
  @Field({ description: 'CANARY, PROMOTE or ROLLBACK' }) kind!: string;
  @Field({ description: 'RUNNING, PROMOTED or ROLLED_BACK' }) status!: string;
  @Field() triggeredBy!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => ID, { nullable: true, description: 'The stable version it replaced.' }) previousVersionId!: string | null;
  @Field(() => Int, { nullable: true }) previousVersion!: number | null;
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => ProvenanceBreakGlassType, { nullable: true, description: 'Set when the deployment went past the release guard.' })
  breakGlass!: ProvenanceBreakGlassType | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceAliasMove', { description: 'A move of an alias onto or off the version; a null toVersion is a removal.' })
export class ProvenanceAliasMoveType {
  @Field() alias!: string;
  @Field(() => ID, { nullable: true }) fromVersionId!: string | null;
  @Field(() => Int, { nullable: true }) fromVersion!: number | null;
  @Field(() => ID, { nullable: true }) toVersionId!: string | null;
  @Field(() => Int, { nullable: true }) toVersion!: number | null;
  @Field() actor!: string;
  @Field() reason!: string;
  @Field() at!: Date;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDriftReport')
export class ProvenanceDriftReportType {
  @Field(() => ID) id!: string;
  @Field() createdAt!: Date;
  @Field(() => DeployEnvironmentEnum, { nullable: true }) environment!: DeployEnvironment | null;
  @Field() datasetDrift!: boolean;
  @Field(() => Float) driftShare!: number;
  @Field(() => ID, { nullable: true }) retrainingRunId!: string | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceExternalOperation', {
  description: "A cancel, termination, reset, signal or update sent to one of the version's workflows from outside Provenant (Temporal UI, CLI, SDK), read from Temporal's history.",
})
export class ProvenanceExternalOperationType {
  @Field({ description: 'temporal.workflow.cancel_requested, .terminated, .reset, .signalled or .update_accepted.' }) action!: string;
  @Field({ description: 'The identity the caller gave Temporal.' }) actor!: string;
  @Field() workflowId!: string;
  @Field() runId!: string;
  @Field(() => Int, { description: 'The event in the run’s history.' }) eventId!: number;
  @Field({ description: 'When Temporal recorded it.' }) at!: Date;
  @Field(() => JsonScalar, { description: 'Reason, signal or update name, base run of a reset.' }) details!: Record<string, unknown>;
  @Field(() => ID) auditEventId!: string;
}

@ObjectType('ProvenanceRetrainingRun', { description: 'A pipeline run a drift report of the version started.' })
export class ProvenanceRetrainingRunType {
  @Field(() => ID) id!: string;
  @Field(() => ID) driftReportId!: string;
  @Field() workflowId!: string;
  @Field(() => PipelineStatusEnum) status!: PipelineStatus;
  @Field() requestedBy!: string;
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The version it registered, if it got that far.' }) modelVersionId!: string | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('Provenance', { description: 'Where a model version came from and everything that happened to it, each fact with the audit events that record it.' })
export class ProvenanceType {
  @Field(() => ProvenanceModelVersionType) modelVersion!: ProvenanceModelVersionType;
  @Field(() => [ProvenanceDatasetType], { description: 'Every dataset version the version was trained, evaluated or scanned for drift on.' })
  data!: ProvenanceDatasetType[];
  @Field(() => ProvenancePipelineRunType, { nullable: true }) pipelineRun!: ProvenancePipelineRunType | null;
  @Field(() => ProvenanceCodeType, { nullable: true, description: 'Null for versions registered before reproducibility records existed.' })
  code!: ProvenanceCodeType | null;
  @Field(() => ProvenanceParametersType, { nullable: true }) parameters!: ProvenanceParametersType | null;
  @Field(() => ProvenanceValidationType, { nullable: true }) validation!: ProvenanceValidationType | null;
  @Field(() => ProvenanceEvaluationType, { nullable: true, description: 'Null for versions registered before evaluation reports existed.' })
  evaluation!: ProvenanceEvaluationType | null;
  @Field(() => [ProvenanceApprovalGateType]) approvalGates!: ProvenanceApprovalGateType[];
  @Field(() => [ProvenanceDeploymentType], { description: 'Deployments of the version, oldest first.' }) deployments!: ProvenanceDeploymentType[];
  @Field(() => [ProvenanceBreakGlassType], { description: 'Every break-glass asked for with the version, oldest first: confirmed, pending or expired.' })
  breakGlass!: ProvenanceBreakGlassType[];
  @Field(() => [ProvenanceAliasMoveType], { description: 'Oldest first.' }) aliasMoves!: ProvenanceAliasMoveType[];
  @Field(() => [ProvenanceDriftReportType], { description: 'Drift scans of the version since it was registered, oldest first.' })
  driftReports!: ProvenanceDriftReportType[];
  @Field(() => [ProvenanceRetrainingRunType]) retrainingRuns!: ProvenanceRetrainingRunType[];
  @Field(() => [ProvenanceExternalOperationType], {
    description: "Operations on the run's, its gates' and its deployments' workflows sent from outside Provenant, in audit-log order; reading provenance reconciles them first.",
  })
  externalOperations!: ProvenanceExternalOperationType[];
}
