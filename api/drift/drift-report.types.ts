import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { ColumnKindSource, ConceptDriftConfirmationRule, DriftConfirmationStatus, DriftHistogram, DriftLevel, DriftTestStatus, RetrainingAction } from '../../domain/drift';
import type { DriftTestRule } from '../../ml/drift/default-drift-test';
import { ColumnKindSourceEnum, DriftTestRuleEnum } from './column-kind.types';
import { PageInfo } from '../common/connection';
import { DeployEnvironmentEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';
import { ConceptDriftConfirmationEnum, DriftConfirmationStatusEnum, DriftLevelEnum, DriftTestStatusEnum, RetrainingActionEnum } from './drift.enums';

@ObjectType('ColumnQuality', { description: 'Data quality of one column in a drift scan: missing values and categories the reference never had.' })
export class ColumnQualityType {
  @Field({ description: 'The column (a feature of the model).' }) column!: string;
  @Field(() => Float, { description: 'Share of missing values in the reference sample, 0 to 1.' }) referenceNullShare!: number;
  @Field(() => Float, { description: 'Share of missing values in the current sample, 0 to 1.' }) currentNullShare!: number;
  @Field({ description: 'The current sample has not a single value of the column (none logged, or every one missing): a data-quality finding, not a failed scan.' })
  noCurrentValues!: boolean;
  @Field(() => [String], { description: 'Categories the reference never had, most frequent first (at most 10).' }) unseenCategories!: string[];
  @Field(() => Float, { description: 'Share of current non-missing values that are unseen categories.' }) unseenShare!: number;
  @Field({ description: 'True when the share of missing values grew, or the share of unseen categories rose, past its tolerance.' }) drifted!: boolean;
}

@ObjectType('DriftColumn', { description: "One feature's (or the prediction's) drift test: reference against current." })
export class DriftColumnType {
  @Field({ description: 'The feature, or "prediction" for the model\'s output.' }) column!: string;
  @Field({ description: 'numeric or categorical' }) kind!: string;
  @Field(() => ColumnKindSourceEnum, { nullable: true, description: 'DECLARED for the model, or inferred from the reference’s SCHEMA; null for the prediction column, whose kind is the task’s.' })
  kindChosenBy!: ColumnKindSource | null;
  @Field({ description: 'ks, chi_square, z_test, wasserstein, jensen_shannon, psi or l_infinity' }) test!: string;
  @Field(() => DriftTestRuleEnum, { nullable: true, description: "The rule of Evidently's defaults that chose the test, from the kind, the reference's size and the distinct values; null for a test chosen explicitly (psi, l_infinity)." })
  testChosenBy!: DriftTestRule | null;
  @Field(() => Float, { nullable: true, description: 'Null when the statistic is undefined for these samples; `note` says why.' })
  statistic!: number | null;
  @Field(() => Float, { nullable: true, description: 'For ks, chi_square and z_test; null for the distances.' }) pValue!: number | null;
  @Field(() => Float, { description: 'The p-value below which (for tests) or the distance above which the column counts as drifted.' }) threshold!: number;
  @Field(() => Int, { description: 'Non-missing values in the reference sample.' }) referenceSize!: number;
  @Field(() => Int, { description: 'Non-missing values in the current sample.' }) currentSize!: number;
  @Field(() => Int, { description: 'Missing values in the reference sample.' }) referenceMissing!: number;
  @Field(() => Int, { description: 'Missing values in the current sample.' }) currentMissing!: number;
  @Field({ description: 'Whether the column drifted; never for a column with status NOT_ENOUGH_DATA.' }) drifted!: boolean;
  @Field(() => DriftTestStatusEnum, { description: 'TESTED, or NOT_ENOUGH_DATA when a sample had fewer present values than minimumSampleSize: no statistic, no drift, not in the drift share.' })
  status!: DriftTestStatus;
  @Field(() => Int, { nullable: true, description: 'Present values each sample needed for the test; null for reports stored before the minimum existed.' })
  minimumSampleSize!: number | null;
  @Field({ description: 'True when the statistic came from histograms rather than the values.' }) binned!: boolean;
  @Field(() => Float, {
    nullable: true,
    description:
      'How far the statistic may be from the one computed on every value: the exact statistic lies within statistic ± errorBound (for ks, between statistic and statistic + errorBound). 0 when computed from the values or exact counts; a proven bound when computed from histograms or from the quantile sketches of a scan split over parts (see docs/data-engine.md); null for a binned statistic stored before bounds were recorded.',
  })
  errorBound!: number | null;
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

@ObjectType('DriftDetectorOutcome', { description: 'What one concept-drift detector (DDM or EDDM for classification, Page–Hinkley for regression) saw over the labelled predictions, in time order.' })
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

@ObjectType('ConceptDrift', { description: 'Drift in the relation between features and outcome, from the ground truth recorded for logged predictions.' })
export class ConceptDriftType {
  @Field(() => Int, { description: 'Predictions in the window that have ground truth.' }) labelledRows!: number;
  @Field({ description: 'error_rate (classification) or mean_absolute_error (regression)' }) metric!: string;
  @Field(() => [PerformanceWindowType], { description: 'The error over consecutive windows of labelled rows, oldest first.' })
  windows!: PerformanceWindowType[];
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'DDM; null for regression.' }) ddm!: DetectorOutcomeType | null;
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'EDDM; null for regression.' }) eddm!: DetectorOutcomeType | null;
  @Field(() => DetectorOutcomeType, { nullable: true, description: 'Page–Hinkley on the absolute errors; null for classification and for reports stored before it ran.' })
  pageHinkley!: DetectorOutcomeType | null;
  @Field(() => ConfirmationWindowType, { nullable: true, description: 'The window that confirmed the signals; null for reports stored before confirmation existed.' })
  confirmationWindow!: ConfirmationWindowType | null;
}

@ObjectType('EstimatedPerformanceWindow', { description: 'Estimated (CBPE) and, where labels exist, realised classification performance over one window of the current sample.' })
export class EstimatedPerformanceWindowType {
  @Field(() => String, { nullable: true, description: 'First prediction of the window (ISO 8601); null for a dataset version, whose windows are runs of rows in file order.' })
  from!: string | null;
  @Field(() => String, { nullable: true, description: 'Last prediction of the window (ISO 8601); null for a dataset version.' }) to!: string | null;
  @Field(() => Int, { description: 'Predictions in the window.' }) rows!: number;
  @Field(() => Float, { description: 'Accuracy expected from the calibrated probabilities: the mean probability of the predicted class.' }) expectedAccuracy!: number;
  @Field(() => Float, { description: 'Macro F1 of the expected confusion matrix built from the calibrated probabilities.' }) expectedMacroF1!: number;
  @Field(() => Int, { description: 'Predictions of the window with ground truth (logged labels, or the dataset’s target).' }) labelledRows!: number;
  @Field(() => Float, { nullable: true, description: 'Accuracy on the labelled predictions; null until a label arrives.' }) realisedAccuracy!: number | null;
  @Field(() => Float, { nullable: true, description: 'Macro F1 on the labelled predictions; null until a label arrives.' }) realisedMacroF1!: number | null;
}

@ObjectType('PerformanceEstimate', {
  description: 'Classification performance estimated without ground truth by confidence-based performance estimation (CBPE, as NannyML does), beside the realised figures where labels have arrived.',
})
export class PerformanceEstimateType {
  @Field({ description: 'CBPE.' }) method!: string;
  @Field({ description: 'How the probabilities were calibrated on the reference: ISOTONIC (isotonic regression per class, one-vs-rest).' }) calibration!: string;
  @Field(() => Int, { description: 'Labelled reference rows the calibration was fitted on.' }) referenceRows!: number;
  @Field(() => Float, { description: 'The estimate on the reference itself, to compare with referenceRealisedAccuracy (a check of the calibration).' })
  referenceExpectedAccuracy!: number;
  @Field(() => Float, { description: 'Accuracy on the reference’s labels.' }) referenceRealisedAccuracy!: number;
  @Field(() => Int, { description: 'Current predictions logged without probabilities for every class: left out of the estimate.' }) rowsWithoutProbabilities!: number;
  @Field(() => [EstimatedPerformanceWindowType], { description: 'Equal-count windows of the current sample, oldest first.' }) windows!: EstimatedPerformanceWindowType[];
  @Field(() => [String], { description: 'What the estimate takes for granted: no concept drift, calibrated probabilities.' }) assumptions!: string[];
}

@ObjectType('RetrainingDecision', { description: "What the model's retraining policy made of a drift report." })
export class RetrainingDecisionType {
  @Field(() => RetrainingActionEnum, { description: 'STARTED, SKIPPED or NOT_NEEDED.' }) action!: RetrainingAction;
  @Field({ description: 'Why retraining did or did not start: each trigger, and what each concept-drift signal lacked.' }) reason!: string;
  @Field(() => ConceptDriftConfirmationEnum, { nullable: true, description: 'The rule concept drift was judged by; null when concept drift does not trigger retraining.' })
  conceptDriftConfirmation!: ConceptDriftConfirmationRule | null;
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
  @Field(() => Float, { description: 'Share of the tested columns that drifted (columns with NOT_ENOUGH_DATA are left out); 0 when none was tested.' }) driftShare!: number;
  @Field(() => Float, { description: 'Dataset drift when driftShare reaches this.' }) driftShareThreshold!: number;
  @Field(() => Int, { description: 'Feature columns tested.' }) numberOfColumns!: number;
  @Field(() => Int, { description: 'Columns with enough data on both sides to be tested.' }) numberOfTestedColumns!: number;
  @Field(() => Int, { description: 'Of those, how many drifted.' }) numberOfDriftedColumns!: number;
  @Field(() => [DriftColumnType], { description: 'One test per feature column.' }) columns!: DriftColumnType[];
  @Field(() => DriftColumnType, { nullable: true, description: 'Drift of the model’s output; null when nothing was scored.' })
  predictionDrift!: DriftColumnType | null;
  @Field(() => [ColumnQualityType], { description: 'Missing values and unseen categories, per column.' }) dataQuality!: ColumnQualityType[];
  @Field(() => ConceptDriftType, { nullable: true, description: 'Null when the current sample is a dataset version (no ground truth).' })
  conceptDrift!: ConceptDriftType | null;
  @Field(() => PerformanceEstimateType, {
    nullable: true,
    description: 'Classification performance estimated without labels (CBPE); null for regression, a reference without labels, or a report stored before estimation existed.',
  })
  performanceEstimate!: PerformanceEstimateType | null;
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
