import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { DriftHistogram, RetrainingAction } from '../../domain/drift';
import type { DriftLevel } from '../../domain/drift';
import { PageInfo } from '../common/connection';
import { DeployEnvironmentEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';
import { DriftLevelEnum, RetrainingActionEnum } from './drift.enums';

@ObjectType('ColumnQuality', { description: 'Data quality of one column in a drift scan: missing values and categories the reference never had.' })
export class ColumnQualityType {
  @Field({ description: 'The column (a feature of the model).' }) column!: string;
  @Field(() => Float, { description: 'Share of missing values in the reference sample, 0 to 1.' }) referenceNullShare!: number;
  @Field(() => Float, { description: 'Share of missing values in the current sample, 0 to 1.' }) currentNullShare!: number;
  @Field(() => [String], { description: 'Categories the reference never had, most frequent first (at most 10).' }) unseenCategories!: string[];
  @Field(() => Float, { description: 'Share of current non-missing values that are unseen categories.' }) unseenShare!: number;
  @Field({ description: 'True when the share of missing values grew, or the share of unseen categories rose, past its tolerance.' }) drifted!: boolean;
}

@ObjectType('DriftColumn', { description: "One feature's (or the prediction's) drift test: reference against current." })
export class DriftColumnType {
  @Field({ description: 'The feature, or "prediction" for the model\'s output.' }) column!: string;
  @Field({ description: 'numeric or categorical' }) kind!: string;
  @Field({ description: 'ks, chi_square, z_test, wasserstein, jensen_shannon, psi or l_infinity' }) test!: string;
  @Field(() => Float, { nullable: true, description: 'Null when the statistic is undefined for these samples; `note` says why.' })
  statistic!: number | null;
  @Field(() => Float, { nullable: true, description: 'For ks, chi_square and z_test; null for the distances.' }) pValue!: number | null;
  @Field(() => Float, { description: 'The p-value below which (for tests) or the distance above which the column counts as drifted.' }) threshold!: number;
  @Field(() => Int, { description: 'Non-missing values in the reference sample.' }) referenceSize!: number;
  @Field(() => Int, { description: 'Non-missing values in the current sample.' }) currentSize!: number;
  @Field(() => Int, { description: 'Missing values in the reference sample.' }) referenceMissing!: number;
  @Field(() => Int, { description: 'Missing values in the current sample.' }) currentMissing!: number;
  @Field({ description: 'Whether the statistic crossed the threshold.' }) drifted!: boolean;
  @Field({ description: 'True when the statistic came from histograms rather than the values.' }) binned!: boolean;
  @Field(() => JsonScalar, { description: 'Reference and current counts over the same bins or categories.' }) histogram!: DriftHistogram;
  @Field(() => ColumnQualityType, { description: 'Missing values and unseen categories of this column.' }) quality!: ColumnQualityType;
  @Field(() => String, { nullable: true, description: 'Why a statistic or p-value is missing, when one is.' }) note!: string | null;
}

@ObjectType('DriftReferenceSample', { description: "What a drift scan compared against: a dataset version, by default the scanned version's training data." })
export class DriftReferenceSampleType {
  @Field(() => ID, { description: 'The reference dataset version.' }) datasetVersionId!: string;
  @Field(() => Int, { description: 'Rows of it the scan read.' }) rows!: number;
}

@ObjectType('DriftCurrentSample', { description: 'What a drift scan examined: a window of logged predictions, or a dataset version.' })
export class DriftCurrentSampleType {
  @Field({ description: 'prediction_log (a window of an environment’s traffic) or dataset_version' }) kind!: string;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'The environment whose traffic was read; null for a dataset version.' })
  environment!: DeployEnvironment | null;
  @Field(() => String, { nullable: true, description: 'Start of the prediction-log window (ISO 8601).' }) from!: string | null;
  @Field(() => String, { nullable: true, description: 'End of the prediction-log window (ISO 8601).' }) to!: string | null;
  @Field(() => ID, { nullable: true, description: 'The dataset version examined; null for traffic.' }) datasetVersionId!: string | null;
  @Field(() => Int, { description: 'Rows the scan read.' }) rows!: number;
}

@ObjectType('PerformanceWindow', { description: "The model's error over one stretch of labelled predictions." })
export class PerformanceWindowType {
  @Field({ description: 'Start of the window (ISO 8601).' }) from!: string;
  @Field({ description: 'End of the window (ISO 8601).' }) to!: string;
  @Field(() => Int, { description: 'Labelled predictions in the window.' }) rows!: number;
  @Field(() => Float, { nullable: true, description: 'Error rate or mean absolute error; null for a window without labelled rows.' })
  value!: number | null;
}

@ObjectType('DriftDetectorOutcome', { description: 'What one concept-drift detector (DDM or EDDM) saw over the labelled predictions, in time order.' })
export class DetectorOutcomeType {
  @Field(() => DriftLevelEnum, { description: 'The level after the last labelled prediction.' }) level!: DriftLevel;
  @Field(() => [String], { description: 'When warnings began (logged_at of the triggering prediction).' }) warnings!: string[];
  @Field(() => [String], { description: 'When drift was signalled.' }) drifts!: string[];
}

@ObjectType('ConceptDrift', { description: 'Drift in the relation between features and outcome, from the ground truth recorded for logged predictions.' })
export class ConceptDriftType {
  @Field(() => Int, { description: 'Predictions in the window that have ground truth.' }) labelledRows!: number;
  @Field({ description: 'error_rate (classification) or mean_absolute_error (regression)' }) metric!: string;
  @Field(() => [PerformanceWindowType], { description: 'The error over consecutive windows of labelled rows, oldest first.' })
  windows!: PerformanceWindowType[];
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'DDM; null for regression.' }) ddm!: DetectorOutcomeType | null;
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'EDDM; null for regression.' }) eddm!: DetectorOutcomeType | null;
}

@ObjectType('RetrainingDecision', { description: "What the model's retraining policy made of a drift report." })
export class RetrainingDecisionType {
  @Field(() => RetrainingActionEnum, { description: 'STARTED, SKIPPED or NOT_NEEDED.' }) action!: RetrainingAction;
  @Field({ description: 'Why, e.g. which trigger was met, or the cooldown that held it back.' }) reason!: string;
  @Field(() => String, { nullable: true, description: "The retraining run's workflow id; null unless STARTED." }) pipelineWorkflowId!: string | null;
  @Field(() => ID, { nullable: true, description: "The retraining run's id; null unless STARTED." }) pipelineRunId!: string | null;
}

@ObjectType('DriftReport', { description: 'The result of one drift scan of a model: per-feature tests, prediction drift, data quality and concept drift.' })
export class DriftReportType {
  @Field(() => ID, { description: 'What driftReport takes and /reports/drift/<id> shows.' }) id!: string;
  @Field({ description: 'The scan’s workflow id.' }) workflowId!: string;
  @Field({ description: 'The model scanned.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'Null when the current sample is a dataset version.' })
  environment!: DeployEnvironment | null;
  @Field(() => ID, { description: 'The model version whose training data is the default reference.' }) modelVersionId!: string;
  @Field(() => Int, { description: 'The scanned version’s number.' }) modelVersion!: number;
  @Field(() => ID, { nullable: true, description: 'The deployment that put the scanned version in the environment; null for a dataset-version scan.' })
  deploymentId!: string | null;
  @Field(() => String, { nullable: true, description: 'The drift schedule that started the scan; null for one started by hand.' }) scheduleId!: string | null;
  @Field({ description: 'A user name, or system:schedule.' }) triggeredBy!: string;
  @Field(() => DriftReferenceSampleType, { description: 'What the scan compared against.' }) reference!: DriftReferenceSampleType;
  @Field(() => DriftCurrentSampleType, { description: 'What the scan examined.' }) current!: DriftCurrentSampleType;
  @Field({ description: 'True when driftShare reached driftShareThreshold.' }) datasetDrift!: boolean;
  @Field(() => Float, { description: 'Share of columns that drifted.' }) driftShare!: number;
  @Field(() => Float, { description: 'Dataset drift when driftShare reaches this.' }) driftShareThreshold!: number;
  @Field(() => Int, { description: 'Feature columns tested.' }) numberOfColumns!: number;
  @Field(() => Int, { description: 'Of those, how many drifted.' }) numberOfDriftedColumns!: number;
  @Field(() => [DriftColumnType], { description: 'One test per feature column.' }) columns!: DriftColumnType[];
  @Field(() => DriftColumnType, { nullable: true, description: 'Drift of the model’s output; null when nothing was scored.' })
  predictionDrift!: DriftColumnType | null;
  @Field(() => [ColumnQualityType], { description: 'Missing values and unseen categories, per column.' }) dataQuality!: ColumnQualityType[];
  @Field(() => ConceptDriftType, { nullable: true, description: 'Null when the current sample is a dataset version (no ground truth).' })
  conceptDrift!: ConceptDriftType | null;
  @Field(() => RetrainingDecisionType, { nullable: true, description: "What the model's retraining policy decided about this report; null when no decision was recorded." })
  retraining!: RetrainingDecisionType | null;
  @Field({ description: 'The report as a self-contained HTML page: send the bearer token, or open it in a browser signed in to the web UI (which is sent to sign in first otherwise).' }) reportUrl!: string;
  @Field({ description: 'When the report was stored.' }) createdAt!: Date;
}

@ObjectType({ description: 'One report in a page of driftReports.' })
export class DriftReportEdge {
  @Field({ description: 'Pass as `after` to continue after this report.' }) cursor!: string;
  @Field(() => DriftReportType, { description: 'The report.' }) node!: DriftReportType;
}

@ObjectType({ description: 'A page of drift reports, newest first.' })
export class DriftReportConnection {
  @Field(() => [DriftReportEdge], { description: 'The reports of this page.' }) edges!: DriftReportEdge[];
  @Field(() => PageInfo, { description: 'Whether there are more, and the cursor to continue from.' }) pageInfo!: PageInfo;
}
