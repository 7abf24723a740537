import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { ConceptDriftConfirmationRule, DriftConfirmationStatus, DriftHistogram, DriftLevel, DriftTestStatus, RetrainingAction } from '../../domain/drift';
import { PageInfo } from '../common/connection';
import { DeployEnvironmentEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';
import { ConceptDriftConfirmationEnum, DriftConfirmationStatusEnum, DriftLevelEnum, DriftTestStatusEnum, RetrainingActionEnum } from './drift.enums';

@ObjectType('ColumnQuality')
export class ColumnQualityType {
  @Field() column!: string;
  @Field(() => Float) referenceNullShare!: number;
  @Field(() => Float) currentNullShare!: number;
  @Field({ description: 'The current sample has not a single value of the column (none logged, or every one missing): a data-quality finding, not a failed scan.' })
  noCurrentValues!: boolean;
  @Field(() => [String], { description: 'Categories the reference never had, most frequent first (at most 10).' }) unseenCategories!: string[];
  @Field(() => Float, { description: 'Share of current non-missing values that are unseen categories.' }) unseenShare!: number;
  @Field() drifted!: boolean;
}

@ObjectType('DriftColumn')
export class DriftColumnType {
  @Field() column!: string;
  @Field({ description: 'numeric or categorical' }) kind!: string;
  @Field({ description: 'ks, chi_square, z_test, wasserstein, jensen_shannon, psi or l_infinity' }) test!: string;
  @Field(() => Float, { nullable: true, description: 'Null when the statistic is undefined for these samples; `note` says why.' })
  statistic!: number | null;
  @Field(() => Float, { nullable: true, description: 'For ks, chi_square and z_test; null for the distances.' }) pValue!: number | null;
  @Field(() => Float) threshold!: number;
  @Field(() => Int) referenceSize!: number;
  @Field(() => Int) currentSize!: number;
  @Field(() => Int) referenceMissing!: number;
  @Field(() => Int) currentMissing!: number;
  @Field({ description: 'Whether the column drifted; never for a column with status NOT_ENOUGH_DATA.' }) drifted!: boolean;
  @Field(() => DriftTestStatusEnum, { description: 'TESTED, or NOT_ENOUGH_DATA when a sample had fewer present values than minimumSampleSize: no statistic, no drift, not in the drift share.' })
  status!: DriftTestStatus;
  @Field(() => Int, { nullable: true, description: 'Present values each sample needed for the test; null for reports stored before the minimum existed.' })
  minimumSampleSize!: number | null;
  @Field({ description: 'True when the statistic came from histograms rather than the values.' }) binned!: boolean;
  @Field(() => JsonScalar, { description: 'Reference and current counts over the same bins or categories.' }) histogram!: DriftHistogram;
  @Field(() => ColumnQualityType) quality!: ColumnQualityType;
  @Field(() => String, { nullable: true, description: 'Why a statistic or p-value is missing, when one is.' }) note!: string | null;
}

@ObjectType('DriftReferenceSample')
export class DriftReferenceSampleType {
  @Field(() => ID) datasetVersionId!: string;
  @Field(() => Int) rows!: number;
}

@ObjectType('DriftCurrentSample')
export class DriftCurrentSampleType {
  @Field({ description: 'prediction_log (a window of an environment’s traffic) or dataset_version' }) kind!: string;
  @Field(() => DeployEnvironmentEnum, { nullable: true }) environment!: DeployEnvironment | null;
  @Field(() => String, { nullable: true, description: 'Start of the prediction-log window (ISO 8601).' }) from!: string | null;
  @Field(() => String, { nullable: true, description: 'End of the prediction-log window (ISO 8601).' }) to!: string | null;
  @Field(() => ID, { nullable: true }) datasetVersionId!: string | null;
  @Field(() => Int) rows!: number;
}

@ObjectType('PerformanceWindow')
export class PerformanceWindowType {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => Int) rows!: number;
  @Field(() => Float, { nullable: true, description: 'Error rate or mean absolute error; null for a window without labelled rows.' })
  value!: number | null;
}

@ObjectType('DriftConfirmation', { description: 'A drift signal and what the window of labelled predictions after it said about it.' })
export class DriftConfirmationType {
  @Field({ description: 'When the detector signalled drift (logged_at of the triggering prediction).' }) at!: string;
  @Field(() => DriftConfirmationStatusEnum, { description: 'CONFIRMED, NOT_CONFIRMED or PENDING (the window after the signal is not complete yet).' })
  status!: DriftConfirmationStatus;
  @Field(() => String, { nullable: true, description: 'logged_at of the prediction that completed the window after the signal; null while pending.' })
  decidedAt!: string | null;
  @Field(() => Int, { description: 'Labelled predictions from the detector’s previous reset up to the signal.' }) rowsBefore!: number;
  @Field(() => Float, { description: 'Error rate (mean absolute error for regression) over those.' }) meanBefore!: number;
  @Field(() => Int, { description: 'Labelled predictions after the signal so far (at most the confirmation window).' }) rowsAfter!: number;
  @Field(() => Float, { nullable: true, description: 'Error rate (mean absolute error) after the signal; null before any.' }) meanAfter!: number | null;
  @Field(() => Float, { nullable: true, description: 'One-sided p-value of a rise from before to after; null while pending.' }) pValue!: number | null;
}

@ObjectType('DriftDetectorOutcome')
export class DetectorOutcomeType {
  @Field(() => DriftLevelEnum, { description: 'The level after the last labelled prediction.' }) level!: DriftLevel;
  @Field(() => [String], { description: 'When warnings began (logged_at of the triggering prediction).' }) warnings!: string[];
  @Field(() => [String], { description: 'When drift was signalled.' }) drifts!: string[];
  @Field(() => [DriftConfirmationType], { description: 'Each drift signal with its confirmation; empty for reports stored before confirmation existed.' })
  confirmations!: DriftConfirmationType[];
}

@ObjectType('ConfirmationWindow', { description: 'The window of labelled predictions after a drift signal that confirms or refutes it.' })
export class ConfirmationWindowType {
  @Field(() => Int, { description: 'Labelled predictions after the signal.' }) rows!: number;
  @Field(() => Float, { description: 'Confirmed when the one-sided p-value of a rise is below this.' }) significance!: number;
}

@ObjectType('ConceptDrift')
export class ConceptDriftType {
  @Field(() => Int) labelledRows!: number;
  @Field({ description: 'error_rate (classification) or mean_absolute_error (regression)' }) metric!: string;
  @Field(() => [PerformanceWindowType]) windows!: PerformanceWindowType[];
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'DDM; null for regression.' }) ddm!: DetectorOutcomeType | null;
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'EDDM; null for regression.' }) eddm!: DetectorOutcomeType | null;
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'Page–Hinkley on the absolute errors; null for classification and for reports stored before it ran.' })
  pageHinkley!: DetectorOutcomeType | null;
  @Field(() => ConfirmationWindowType, { nullable: true, description: 'The window that confirmed the signals; null for reports stored before confirmation existed.' })
  confirmationWindow!: ConfirmationWindowType | null;
}

@ObjectType('RetrainingDecision')
export class RetrainingDecisionType {
  @Field(() => RetrainingActionEnum) action!: RetrainingAction;
  @Field({ description: 'Why retraining did or did not start: each trigger, and what each concept-drift signal lacked.' }) reason!: string;
  @Field(() => ConceptDriftConfirmationEnum, { nullable: true, description: 'The rule concept drift was judged by; null when concept drift does not trigger retraining.' })
  conceptDriftConfirmation!: ConceptDriftConfirmationRule | null;
  @Field(() => String, { nullable: true }) pipelineWorkflowId!: string | null;
  @Field(() => ID, { nullable: true }) pipelineRunId!: string | null;
}

@ObjectType('DriftReport')
export class DriftReportType {
  @Field(() => ID) id!: string;
  @Field({ description: 'The scan’s workflow id.' }) workflowId!: string;
  @Field() modelName!: string;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'Null when the current sample is a dataset version.' })
  environment!: DeployEnvironment | null;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => Int, { description: 'The scanned version’s number.' }) modelVersion!: number;
  @Field(() => ID, { nullable: true }) deploymentId!: string | null;
  @Field(() => String, { nullable: true }) scheduleId!: string | null;
  @Field({ description: 'A user name, or system:schedule.' }) triggeredBy!: string;
  @Field(() => DriftReferenceSampleType) reference!: DriftReferenceSampleType;
  @Field(() => DriftCurrentSampleType) current!: DriftCurrentSampleType;
  @Field() datasetDrift!: boolean;
  @Field(() => Float, { description: 'Share of the tested columns that drifted (columns with NOT_ENOUGH_DATA are left out); 0 when none was tested.' }) driftShare!: number;
  @Field(() => Float, { description: 'Dataset drift when driftShare reaches this.' }) driftShareThreshold!: number;
  @Field(() => Int) numberOfColumns!: number;
  @Field(() => Int, { description: 'Columns with enough data on both sides to be tested.' }) numberOfTestedColumns!: number;
  @Field(() => Int) numberOfDriftedColumns!: number;
  @Field(() => [DriftColumnType]) columns!: DriftColumnType[];
  @Field(() => DriftColumnType, { nullable: true, description: 'Drift of the model’s output; null when nothing was scored.' })
  predictionDrift!: DriftColumnType | null;
  @Field(() => [ColumnQualityType], { description: 'Missing values and unseen categories, per column.' }) dataQuality!: ColumnQualityType[];
  @Field(() => ConceptDriftType, { nullable: true, description: 'Null when the current sample is a dataset version (no ground truth).' })
  conceptDrift!: ConceptDriftType | null;
  @Field(() => RetrainingDecisionType, { nullable: true }) retraining!: RetrainingDecisionType | null;
  @Field({ description: 'The report as a self-contained HTML page (send the bearer token).' }) reportUrl!: string;
  @Field() createdAt!: Date;
}

@ObjectType()
export class DriftReportEdge {
  @Field() cursor!: string;
  @Field(() => DriftReportType) node!: DriftReportType;
}

@ObjectType()
export class DriftReportConnection {
  @Field(() => [DriftReportEdge]) edges!: DriftReportEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
