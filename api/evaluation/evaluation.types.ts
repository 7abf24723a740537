import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { FairnessReport } from '../../domain/evaluation';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('ClassReport')
export class ClassReportType {
  @Field() label!: string;
  @Field(() => Float) precision!: number;
  @Field(() => Float) recall!: number;
  @Field(() => Float) f1!: number;
  @Field(() => Int) support!: number;
  @Field(() => Float, { nullable: true, description: 'One-vs-rest ROC AUC; null when the test rows hold one side only.' })
  rocAuc!: number | null;
}

@ObjectType('QualityCheckResult')
export class QualityCheckResultType {
  @Field({ description: 'The check as a person reads it, e.g. "accuracy >= 0.8".' }) check!: string;
  @Field() metric!: string;
  @Field(() => Float, { nullable: true }) observed!: number | null;
  @Field(() => Float) required!: number;
  @Field() passed!: boolean;
  @Field() message!: string;
}

@ObjectType('ChampionComparison')
export class ChampionComparisonType {
  @Field(() => ID) championVersionId!: string;
  @Field(() => Int) championVersion!: number;
  @Field(() => JsonScalar) championMetrics!: Record<string, number>;
  @Field(() => JsonScalar, { description: 'candidate − champion per metric' }) deltas!: Record<string, number>;
}

@ObjectType('FeatureImportance')
export class FeatureImportanceType {
  @Field() feature!: string;
  @Field(() => Float, { description: 'Mean drop of accuracy (R² for regression) when the feature is shuffled.' }) mean!: number;
  @Field(() => Float) std!: number;
}

@ObjectType('EvaluationReport')
export class EvaluationReportType {
  @Field(() => ID) id!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => ID) datasetVersionId!: string;
  @Field(() => Int) testRowCount!: number;
  @Field(() => JsonScalar) metrics!: Record<string, number>;
  @Field(() => [String]) classLabels!: string[];
  @Field(() => [ClassReportType]) perClass!: ClassReportType[];
  @Field(() => [[Int]], { nullable: true, description: 'Rows actual, columns predicted, in classLabels order.' })
  confusionMatrix!: number[][] | null;
  @Field(() => JsonScalar, { nullable: true }) residualQuantiles!: { p: number; value: number }[] | null;
  @Field(() => ChampionComparisonType, { nullable: true }) champion!: ChampionComparisonType | null;
  @Field(() => String, { nullable: true }) championSkipped!: string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'Per-group metrics and the measures quality checks may name.' }) fairness!: FairnessReport | null;
  @Field(() => [FeatureImportanceType]) importance!: FeatureImportanceType[];
  @Field(() => [QualityCheckResultType]) qualityChecks!: QualityCheckResultType[];
  @Field() qualityChecksPassed!: boolean;
  @Field() createdAt!: Date;
}
