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
  description: 'How a model version used a dataset version.',
  valuesMap: {
    TRAINING: { description: 'Split into the rows the model was trained and tested on.' },
    EVALUATION: { description: 'An imported model was evaluated on it.' },
    DRIFT_REFERENCE: { description: 'A drift scan of the version compared against it.' },
    DRIFT_CURRENT: { description: 'A drift scan of the version examined it.' },
  },
});

const AUDIT_EVENT_IDS = { description: 'The audit events that record this, oldest first (AuditEvent.id).' };

@ObjectType('NamedNumber', { description: 'A named number: a metric or a hyperparameter.' })
export class NamedNumberType {
  @Field({ description: "The metric's or hyperparameter's name." }) name!: string;
  @Field(() => Float, { description: 'The value (metrics as measured on the test split).' }) value!: number;
}

@ObjectType('ProvenanceModelVersion', { description: 'The model version provenance describes.' })
export class ProvenanceModelVersionType {
  @Field(() => ID, { description: "The version's id." }) id!: string;
  @Field({ description: 'The model it is a version of.' }) modelName!: string;
  @Field(() => Int, { description: "The version's number." }) version!: number;
  @Field({ description: 'SHA-256 of its ONNX file (GET /artifacts/<sha256> downloads it).' }) artifactSha256!: string;
  @Field({ description: 'When it was registered.' }) registeredAt!: Date;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDataset', { description: 'A dataset version the model version was trained, evaluated or scanned on.' })
export class ProvenanceDatasetType {
  @Field(() => ID, { description: "The dataset version's id." }) datasetVersionId!: string;
  @Field({ description: 'The dataset it is a version of.' }) datasetName!: string;
  @Field(() => Int, { description: "The dataset version's number." }) version!: number;
  @Field({ description: 'SHA-256 of its bytes.' }) contentSha256!: string;
  @Field(() => Int, { description: 'Data rows.' }) rowCount!: number;
  @Field({ description: 'csv, jsonl or parquet.' }) format!: string;
  @Field({ description: 'Where the file was read from when registered.' }) sourceUri!: string;
  @Field({ description: 'Who registered it.' }) registeredBy!: string;
  @Field({ description: 'When it was registered.' }) registeredAt!: Date;
  @Field(() => [DatasetUsageEnum], { description: 'How the model version used it.' }) usedAs!: DatasetUsage[];
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenancePipelineRun', { description: 'The run that trained (or imported) the version.' })
export class ProvenancePipelineRunType {
  @Field(() => ID, { description: "The run's id." }) id!: string;
  @Field({ description: "The run's workflow id." }) workflowId!: string;
  @Field(() => PipelineStatusEnum, { description: 'How the run stands or ended.' }) status!: PipelineStatus;
  @Field({ description: 'Who started it.' }) requestedBy!: string;
  @Field({ description: 'When it was requested.' }) startedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it ended; null while it runs or waits.' }) finishedAt!: Date | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceCode', { description: 'The code and runtime the version was trained with, from the run’s reproducibility record.' })
export class ProvenanceCodeType {
  @Field({ description: "builtin:<name>, a registered trainer's name, or import:onnx." }) trainer!: string;
  @Field({ description: 'Provenant’s version for built-in trainers, the registered version for external ones, the ONNX file’s sha256 for imports.' })
  trainerVersion!: string;
  @Field(() => String, { nullable: true, description: 'The commit the workers ran; null when unknown.' }) gitCommit!: string | null;
  @Field({ description: 'Node.js version of the training worker.' }) nodeVersion!: string;
  @Field({ description: 'onnxruntime version that evaluated the model.' }) onnxruntimeVersion!: string;
  @Field({ description: "Provenant's version." }) provenantVersion!: string;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceTuning', { description: "A summary of the run's hyperparameter search." })
export class ProvenanceTuningType {
  @Field(() => TuningStrategyEnum, { description: 'GRID or RANDOM.' }) strategy!: TuningStrategy;
  @Field({ description: 'The metric tuning optimised.' }) objectiveMetric!: string;
  @Field(() => ObjectiveGoalEnum, { description: 'MAXIMIZE or MINIMIZE.' }) objectiveGoal!: ObjectiveGoal;
  @Field(() => Int, { description: 'Most trials the run allowed.' }) maxTrials!: number;
  @Field(() => Int, { description: 'Trials run.' }) trials!: number;
  @Field(() => Int, { description: 'Trials that finished.' }) succeededTrials!: number;
  @Field(() => Int, { description: 'Trials that failed.' }) failedTrials!: number;
  @Field(() => Float, { nullable: true, description: 'The best objective value a trial reached on the validation split.' }) bestValue!: number | null;
}

@ObjectType('ProvenanceParameters', { description: 'The parameters the version was trained with.' })
export class ProvenanceParametersType {
  @Field(() => [NamedNumberType], { description: 'What the model was trained with, defaults and tuning included.' }) hyperparameters!: NamedNumberType[];
  @Field(() => [NamedNumberType], { description: 'What the run asked for.' }) requestedHyperparameters!: NamedNumberType[];
  @Field(() => Int, { description: 'Seed of the train/test split.' }) seed!: number;
  @Field(() => Float, { description: 'Share of rows held out for evaluation.' }) testFraction!: number;
  @Field(() => Int, { nullable: true, description: 'Folds of the cross-validation; null when the run asked for none.' }) crossValidationFolds!: number | null;
  @Field(() => ProvenanceTuningType, { nullable: true, description: 'The hyperparameter search; null when the run asked for none.' })
  tuning!: ProvenanceTuningType | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceValidation', { description: "The validate stage's verdict on the training data." })
export class ProvenanceValidationType {
  @Field(() => ID, { description: 'The validation report (validationReport takes it).' }) reportId!: string;
  @Field({ description: 'PASS, WARN or FAIL' }) status!: string;
  @Field(() => [ValidationCheckType], { description: 'Checks with status FAIL (a run with any stops before training, so empty for a registered version unless imported).' })
  failingChecks!: ValidationCheckType[];
  @Field(() => [ValidationCheckType], { description: 'Checks with status WARN.' }) warningChecks!: ValidationCheckType[];
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('MetricComparison', { description: "One metric of a candidate next to the champion's on the same rows." })
export class MetricComparisonType {
  @Field({ description: 'The metric.' }) metric!: string;
  @Field(() => Float, { description: "The candidate version's value." }) candidate!: number;
  @Field(() => Float, { description: "The champion's value." }) champion!: number;
  @Field(() => Float, { description: 'candidate − champion' }) delta!: number;
}

@ObjectType('ProvenanceChampionComparison', { description: 'The champion the version was compared with at evaluation.' })
export class ProvenanceChampionComparisonType {
  @Field(() => ID, { description: "The champion version's id." }) championVersionId!: string;
  @Field(() => Int, { description: "The champion version's number." }) championVersion!: number;
  @Field(() => [MetricComparisonType], { description: 'Every metric both report.' }) metrics!: MetricComparisonType[];
}

@ObjectType('ProvenanceEvaluation', { description: 'The evaluation of the version on the held-out test split.' })
export class ProvenanceEvaluationType {
  @Field(() => ID, { description: "The evaluation report's id." }) reportId!: string;
  @Field(() => Int, { description: 'Test rows scored.' }) testRowCount!: number;
  @Field(() => [NamedNumberType], { description: 'The held-out metrics.' }) metrics!: NamedNumberType[];
  @Field({ description: 'True when no quality check failed.' }) qualityChecksPassed!: boolean;
  @Field(() => [QualityCheckResultType], { description: 'Every quality check with its verdict.' }) qualityChecks!: QualityCheckResultType[];
  @Field(() => ProvenanceChampionComparisonType, { nullable: true, description: 'The comparison with the champion; null when there was none to compare with.' })
  champion!: ProvenanceChampionComparisonType | null;
  @Field(() => String, { nullable: true, description: 'Why the champion could not be scored; null otherwise.' }) championSkipped!: string | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDecision', { description: 'One decision on an approval gate of the version.' })
export class ProvenanceDecisionType {
  @Field({ description: 'Who decided: a token name, or the name their Slack account is linked to.' }) actor!: string;
  @Field(() => DecisionEnum, { description: 'APPROVE or REJECT.' }) decision!: Decision;
  @Field(() => String, { nullable: true, description: 'What they wrote; null for an approval without a comment.' }) comment!: string | null;
  @Field({ description: 'graphql or slack' }) channel!: string;
  @Field({ description: 'When the decision was recorded.' }) decidedAt!: Date;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceApprovalGate', { description: 'An approval gate that asked to release the version.' })
export class ProvenanceApprovalGateType {
  @Field(() => ID, { description: "The gate's id." }) id!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'The environment the release asked for.' }) environment!: DeployEnvironment;
  @Field(() => GateStatusEnum, { description: 'How the gate stands or ended.' }) status!: GateStatus;
  @Field(() => String, { nullable: true, description: 'The approval policy the gate applied, as it was then (policyVersion).' }) policy!: string | null;
  @Field(() => Int, { nullable: true, description: 'The version of that policy; null without one.' }) policyVersion!: number | null;
  @Field(() => Int, { description: 'Distinct approvals it needed.' }) requiredApprovals!: number;
  @Field({ description: 'Who asked (who started the run).' }) requestedBy!: string;
  @Field({ description: 'When it opened.' }) openedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it closed; null while PENDING.' }) closedAt!: Date | null;
  @Field(() => [ProvenanceDecisionType], { description: 'In the order they were made.' }) decisions!: ProvenanceDecisionType[];
  @Field(() => [ID], { description: 'The gate’s own audit events (opened, reminded, posted to Slack, outcome); each decision carries its own.' })
  auditEventIds!: string[];
}

@ObjectType('ProvenanceBreakGlass', {
  description: 'An operation on the version past the release guard: asked for by one admin with a reason, confirmed (or not, in time) by a second.',
})
export class ProvenanceBreakGlassType {
  @Field(() => ID, { description: "The break-glass's id." }) id!: string;
  @Field({ description: 'PROMOTE, ROLLBACK or SET_SHADOW' }) operation!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'The environment it concerns.' }) environment!: DeployEnvironment;
  @Field({ description: 'PENDING, CONFIRMED or EXPIRED' }) status!: string;
  @Field({ description: 'Why the requesting admin bypassed the release guard.' }) reason!: string;
  @Field({ description: 'What the release guard found missing.' }) missing!: string;
  @Field({ description: 'The admin who asked.' }) requestedBy!: string;
  @Field({ description: 'When the admin asked.' }) requestedAt!: Date;
  @Field(() => String, { nullable: true, description: 'The second admin; null unless confirmed.' }) confirmedBy!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was confirmed; null unless confirmed.' }) confirmedAt!: Date | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDeployment', { description: "A deployment that put the version into (or back into) an environment's traffic." })
export class ProvenanceDeploymentType {
  @Field(() => ID, { description: "The deployment's id." }) id!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'STAGING or PRODUCTION.' }) environment!: DeployEnvironment;
  @Field({ description: 'CANARY, PROMOTE or ROLLBACK' }) kind!: string;
  @Field({ description: 'RUNNING, PROMOTED or ROLLED_BACK' }) status!: string;
  @Field({ description: 'A pipeline run, or the operator who promoted or rolled back.' }) triggeredBy!: string;
  @Field(() => String, { nullable: true, description: 'Why it was promoted or rolled back; null while RUNNING.' }) reason!: string | null;
  @Field(() => ID, { nullable: true, description: 'The stable version it replaced.' }) previousVersionId!: string | null;
  @Field(() => Int, { nullable: true, description: "That version's number." }) previousVersion!: number | null;
  @Field({ description: 'When it started.' }) startedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it ended; null while RUNNING.' }) finishedAt!: Date | null;
  @Field(() => ProvenanceBreakGlassType, { nullable: true, description: 'Set when the deployment went past the release guard.' })
  breakGlass!: ProvenanceBreakGlassType | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceAliasMove', { description: 'A move of an alias onto or off the version; a null toVersion is a removal.' })
export class ProvenanceAliasMoveType {
  @Field({ description: 'The alias moved, e.g. champion or staging.' }) alias!: string;
  @Field(() => ID, { nullable: true, description: 'The version it pointed at before; null for its first setting.' }) fromVersionId!: string | null;
  @Field(() => Int, { nullable: true, description: "That version's number." }) fromVersion!: number | null;
  @Field(() => ID, { nullable: true, description: 'The version it points at after; null for a removal.' }) toVersionId!: string | null;
  @Field(() => Int, { nullable: true, description: "That version's number." }) toVersion!: number | null;
  @Field({ description: 'Who moved it (system:deployment when a deployment did).' }) actor!: string;
  @Field({ description: 'Why, as given.' }) reason!: string;
  @Field({ description: 'When the alias moved.' }) at!: Date;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceDriftReport', { description: 'A drift scan of the version.' })
export class ProvenanceDriftReportType {
  @Field(() => ID, { description: "The report's id (driftReport takes it)." }) id!: string;
  @Field({ description: 'When it was stored.' }) createdAt!: Date;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'Whose traffic was scanned; null for a dataset-version scan.' })
  environment!: DeployEnvironment | null;
  @Field({ description: 'Whether the scan found dataset drift.' }) datasetDrift!: boolean;
  @Field(() => Float, { description: 'Share of columns that drifted, 0 to 1.' }) driftShare!: number;
  @Field(() => ID, { nullable: true, description: 'The pipeline run it started; null when it started none.' }) retrainingRunId!: string | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('ProvenanceExternalOperation', {
  description: "A cancel, termination, reset, signal or update sent to one of the version's workflows from outside Provenant (Temporal UI, CLI, SDK), read from Temporal's history.",
})
export class ProvenanceExternalOperationType {
  @Field({ description: 'temporal.workflow.cancel_requested, .terminated, .reset, .signalled or .update_accepted.' }) action!: string;
  @Field({ description: 'The identity the caller gave Temporal.' }) actor!: string;
  @Field({ description: 'The workflow it was sent to.' }) workflowId!: string;
  @Field({ description: 'The workflow run it was sent to.' }) runId!: string;
  @Field(() => Int, { description: 'The event in the run’s history.' }) eventId!: number;
  @Field({ description: 'When Temporal recorded it.' }) at!: Date;
  @Field(() => JsonScalar, { description: 'Reason, signal or update name, base run of a reset.' }) details!: Record<string, unknown>;
  @Field(() => ID, { description: 'The audit event that records it.' }) auditEventId!: string;
}

@ObjectType('ProvenanceRetrainingRun', { description: 'A pipeline run a drift report of the version started.' })
export class ProvenanceRetrainingRunType {
  @Field(() => ID, { description: "The run's id." }) id!: string;
  @Field(() => ID, { description: 'The drift report that started it.' }) driftReportId!: string;
  @Field({ description: "The run's workflow id." }) workflowId!: string;
  @Field(() => PipelineStatusEnum, { description: 'How the run stands or ended.' }) status!: PipelineStatus;
  @Field({ description: 'system:drift-monitor.' }) requestedBy!: string;
  @Field({ description: 'When it started.' }) startedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it ended; null while it runs or waits.' }) finishedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The version it registered, if it got that far.' }) modelVersionId!: string | null;
  @Field(() => [ID], AUDIT_EVENT_IDS) auditEventIds!: string[];
}

@ObjectType('Provenance', { description: 'Where a model version came from and everything that happened to it, each fact with the audit events that record it.' })
export class ProvenanceType {
  @Field(() => ProvenanceModelVersionType, { description: 'The version: id, number and ONNX file hash.' }) modelVersion!: ProvenanceModelVersionType;
  @Field(() => [ProvenanceDatasetType], { description: 'Every dataset version the version was trained, evaluated or scanned for drift on.' })
  data!: ProvenanceDatasetType[];
  @Field(() => ProvenancePipelineRunType, { nullable: true, description: 'The run that trained or imported it; null for a version registered without a run.' })
  pipelineRun!: ProvenancePipelineRunType | null;
  @Field(() => ProvenanceCodeType, { nullable: true, description: 'Null for versions registered before reproducibility records existed.' })
  code!: ProvenanceCodeType | null;
  @Field(() => ProvenanceParametersType, { nullable: true, description: 'Seed, split, hyperparameters, cross-validation and tuning; null for a version registered without a run.' })
  parameters!: ProvenanceParametersType | null;
  @Field(() => ProvenanceValidationType, { nullable: true, description: "The validate stage's verdict; null when the run recorded no validation report." })
  validation!: ProvenanceValidationType | null;
  @Field(() => ProvenanceEvaluationType, { nullable: true, description: 'Null for versions registered before evaluation reports existed.' })
  evaluation!: ProvenanceEvaluationType | null;
  @Field(() => [ProvenanceApprovalGateType], { description: 'Every approval gate that asked to release the version, oldest first.' })
  approvalGates!: ProvenanceApprovalGateType[];
  @Field(() => [ProvenanceDeploymentType], { description: 'Deployments of the version, oldest first.' }) deployments!: ProvenanceDeploymentType[];
  @Field(() => [ProvenanceBreakGlassType], { description: 'Every break-glass asked for with the version, oldest first: confirmed, pending or expired.' })
  breakGlass!: ProvenanceBreakGlassType[];
  @Field(() => [ProvenanceAliasMoveType], { description: 'Oldest first.' }) aliasMoves!: ProvenanceAliasMoveType[];
  @Field(() => [ProvenanceDriftReportType], { description: 'Drift scans of the version since it was registered, oldest first.' })
  driftReports!: ProvenanceDriftReportType[];
  @Field(() => [ProvenanceRetrainingRunType], { description: "Pipeline runs the version's drift reports started, oldest first." })
  retrainingRuns!: ProvenanceRetrainingRunType[];
  @Field(() => [ProvenanceExternalOperationType], {
    description: "Operations on the run's, its gates' and its deployments' workflows sent from outside Provenant, in audit-log order; reading provenance reconciles them first.",
  })
  externalOperations!: ProvenanceExternalOperationType[];
}
