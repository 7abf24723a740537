import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { FairnessReport } from '../../domain/evaluation';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('ClassReport', { description: 'Held-out metrics for one class of a classification model.' })
export class ClassReportType {
  @Field({ description: 'The class.' }) label!: string;
  @Field(() => Float, { description: 'Of the test rows predicted as this class, the share that were, 0 to 1.' }) precision!: number;
  @Field(() => Float, { description: 'Of the test rows of this class, the share predicted as it, 0 to 1.' }) recall!: number;
  @Field(() => Float, { description: 'Harmonic mean of precision and recall, 0 to 1.' }) f1!: number;
  @Field(() => Int, { description: 'Test rows of this class.' }) support!: number;
  @Field(() => Float, { nullable: true, description: 'One-vs-rest ROC AUC; null when the test rows hold one side only.' })
  rocAuc!: number | null;
}

@ObjectType('QualityCheckResult', { description: 'The verdict of one quality check on a candidate version.' })
export class QualityCheckResultType {
  @Field({ description: 'The check as a person reads it, e.g. "accuracy >= 0.8".' }) check!: string;
  @Field({ description: 'The metric or fairness measure checked.' }) metric!: string;
  @Field(() => Float, { nullable: true, description: 'What the evaluation measured (for mustBeatChampion, the improvement over the champion); null when it was not measured, which fails the check.' })
  observed!: number | null;
  @Field(() => Float, { description: 'The value it was held to.' }) required!: number;
  @Field({ description: 'Whether the check held; any miss ends the run QUALITY_CHECKS_FAILED.' }) passed!: boolean;
  @Field({ description: 'The verdict in words, e.g. "macroF1 is 0.34, required >= 0.5".' }) message!: string;
}

@ObjectType('ChampionComparison', { description: "The model's champion scored on exactly the candidate's test rows." })
export class ChampionComparisonType {
  @Field(() => ID, { description: "The champion version's id." }) championVersionId!: string;
  @Field(() => Int, { description: "The champion version's number." }) championVersion!: number;
  @Field(() => JsonScalar, { description: "The champion's metrics on the candidate's test rows, by name." }) championMetrics!: Record<string, number>;
  @Field(() => JsonScalar, { description: 'candidate − champion per metric' }) deltas!: Record<string, number>;
}

@ObjectType('FeatureImportance', { description: 'Permutation importance of one feature on the test split.' })
export class FeatureImportanceType {
  @Field({ description: 'The feature.' }) feature!: string;
  @Field(() => Float, { description: 'Mean drop of accuracy (R² for regression) when the feature is shuffled.' }) mean!: number;
  @Field(() => Float, { description: 'Standard deviation of that drop over the repeats.' }) std!: number;
}

@ObjectType('EvaluationReport', { description: 'What the evaluate stage measured for a model version on the held-out test split.' })
export class EvaluationReportType {
  @Field(() => ID, { description: "The report's id (a lineage node)." }) id!: string;
  @Field(() => ID, { description: 'The version evaluated.' }) modelVersionId!: string;
  @Field(() => ID, { description: 'The dataset version the test split came from.' }) datasetVersionId!: string;
  @Field(() => Int, { description: 'Test rows scored.' }) testRowCount!: number;
  @Field(() => JsonScalar, { description: 'Classification: accuracy, macroF1, macroPrecision, macroRecall, logLoss, rocAucMacro (and unseenLabelRows); regression: rmse, mae, r2.' })
  metrics!: Record<string, number>;
  @Field(() => [String], { description: "Classification: the classes, in the order of perClass, confusionMatrix and the model's probabilities; empty for regression." })
  classLabels!: string[];
  @Field(() => [ClassReportType], { description: 'Classification: metrics per class, in classLabels order; empty for regression.' })
  perClass!: ClassReportType[];
  @Field(() => [[Int]], { nullable: true, description: 'Rows actual, columns predicted, in classLabels order.' })
  confusionMatrix!: number[][] | null;
  @Field(() => JsonScalar, { nullable: true, description: 'Regression: actual minus predicted (positive where the model under-predicts) at p 0.05, 0.25, 0.5, 0.75 and 0.95, as [{p, value}]; null for classification.' })
  residualQuantiles!: { p: number; value: number }[] | null;
  @Field(() => ChampionComparisonType, { nullable: true, description: "The comparison with the model's champion on the same rows; null when there is no champion or it could not be scored." })
  champion!: ChampionComparisonType | null;
  @Field(() => String, { nullable: true, description: 'Why the champion could not be scored (e.g. the dataset lacks a column it needs); null otherwise.' })
  championSkipped!: string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'Per-group metrics and the measures quality checks may name.' }) fairness!: FairnessReport | null;
  @Field(() => [FeatureImportanceType], { description: 'Permutation importance per feature.' }) importance!: FeatureImportanceType[];
  @Field(() => [QualityCheckResultType], { description: 'Every quality check the run asked for (mustBeatChampion included), with its verdict.' })
  qualityChecks!: QualityCheckResultType[];
  @Field({ description: 'True when no quality check failed (also when there were none).' }) qualityChecksPassed!: boolean;
  @Field({ description: 'When the evaluation finished.' }) createdAt!: Date;
}
