import { Field, Float, ID, InputType, Int, ObjectType, OmitType } from '@nestjs/graphql';
import type { PipelineRunEntity } from '../../db/pipeline-runs';
import type { QualityCheckOp } from '../../domain/evaluation';
import type { ModelTask, PipelineInput, PipelineStatus } from '../../domain/pipeline';
import type { ObjectiveGoal, SearchDimension, TuningStrategy } from '../../domain/tuning';
import { PageInfo } from '../common/connection';
import { ModelTaskEnum, ObjectiveGoalEnum, PipelineStatusEnum, QualityCheckOpEnum, TuningStrategyEnum } from '../common/enums';
import { JsonScalar } from '../common/json.scalar';
import { ColumnExpectationInput } from '../validation/validation.types';
import { DeployInput } from '../approvals/approval.types';

@ObjectType('PipelineStage')
export class PipelineStageType {
  @Field() name!: string;
  @Field({ description: 'PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or SKIPPED' }) status!: string;
  @Field(() => Int, { description: 'Activity attempts so far; more than 1 means it was retried.' }) attempts!: number;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType('PipelineRun')
export class PipelineRunType {
  @Field(() => ID) id!: string;
  @Field() workflowId!: string;
  @Field() modelName!: string;
  @Field(() => ID) datasetVersionId!: string;
  @Field(() => PipelineStatusEnum) status!: PipelineStatus;
  @Field() currentStage!: string;
  @Field(() => [PipelineStageType]) stages!: PipelineStageType[];
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() requestedBy!: string;
  @Field(() => ID, { nullable: true }) modelVersionId!: string | null;
  @Field(() => ID, { nullable: true }) validationReportId!: string | null;
  @Field(() => [TuningTrialType], { description: 'Tuning trials so far, in order; empty without tuning.' }) trials!: TuningTrialType[];
  @Field(() => CrossValidationType, { nullable: true }) crossValidation!: CrossValidationType | null;
  @Field(() => ReproducibilityType, { nullable: true, description: 'Recorded when the model version is registered.' })
  reproducibility!: ReproducibilityType | null;
  @Field(() => JsonScalar, { description: 'The inputs the run was started with (trainer, tuning, expectations, …).' })
  input!: PipelineInput;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType('TuningTrial')
export class TuningTrialType {
  @Field(() => Int) index!: number;
  @Field(() => JsonScalar) params!: Record<string, number>;
  @Field(() => JsonScalar, { nullable: true, description: 'Metrics on the validation split.' }) metrics!: Record<string, number> | null;
  @Field({ description: 'RUNNING, SUCCEEDED or FAILED' }) status!: string;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType('CrossValidation')
export class CrossValidationType {
  @Field(() => Int) folds!: number;
  @Field(() => [JsonScalar]) perFold!: Record<string, number>[];
  @Field(() => JsonScalar) mean!: Record<string, number>;
  @Field(() => JsonScalar) std!: Record<string, number>;
}

@ObjectType('Reproducibility')
export class ReproducibilityType {
  @Field() datasetSha256!: string;
  @Field(() => Int) seed!: number;
  @Field(() => Float) testFraction!: number;
  @Field(() => JsonScalar) hyperparameters!: Record<string, number>;
  @Field() trainer!: string;
  @Field() trainerVersion!: string;
  @Field(() => String, { nullable: true }) gitCommit!: string | null;
  @Field() nodeVersion!: string;
  @Field() onnxruntimeVersion!: string;
  @Field() provenantVersion!: string;
}

@ObjectType()
export class PipelineRunEdge {
  @Field() cursor!: string;
  @Field(() => PipelineRunType) node!: PipelineRunType;
}

@ObjectType()
export class PipelineRunConnection {
  @Field(() => [PipelineRunEdge]) edges!: PipelineRunEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType()
export class CrossValidationInput {
  @Field(() => Int, { description: 'Number of folds, 2-20, over the training split.' }) folds!: number;
}

@InputType()
export class TuningObjectiveInput {
  @Field({ description: 'A metric the evaluation reports, e.g. accuracy, macroF1, logLoss, rmse, mae, r2.' }) metric!: string;
  @Field(() => ObjectiveGoalEnum) goal!: ObjectiveGoal;
  @Field(() => Float, { nullable: true, description: 'Stop early once a trial reaches this value.' }) target?: number;
}

@InputType()
export class TuningInput {
  @Field(() => TuningStrategyEnum) strategy!: TuningStrategy;
  @Field(() => JsonScalar, {
    description: 'Per hyperparameter: a list of values (GRID, RANDOM) or {min, max, scale: LINEAR|LOG, integer} (RANDOM).',
  })
  space!: Record<string, SearchDimension>;
  @Field(() => Int) maxTrials!: number;
  @Field(() => Int, { defaultValue: 1, description: 'Trials run at once, each a child workflow.' }) parallelism!: number;
  @Field(() => TuningObjectiveInput) objective!: TuningObjectiveInput;
}

@InputType()
export class QualityCheckInput {
  @Field({ description: 'A metric (accuracy, macroF1, rmse, …) or a fairness measure.' }) metric!: string;
  @Field(() => QualityCheckOpEnum) op!: QualityCheckOp;
  @Field(() => Float) value!: number;
}

@InputType()
export class ChampionRuleInput {
  @Field() metric!: string;
  @Field(() => Float, { description: 'Required improvement over the champion (direction-aware).' }) minDelta!: number;
}

@InputType()
export class StartModelPipelineInput {
  @Field() modelName!: string;
  @Field(() => ID) datasetVersionId!: string;
  @Field() target!: string;
  @Field(() => [String]) features!: string[];
  @Field(() => ModelTaskEnum) task!: ModelTask;
  @Field(() => JsonScalar, { nullable: true, description: 'learningRate, maxIterations, l2, tolerance' })
  hyperparameters?: Record<string, unknown>;
  @Field(() => Int, { nullable: true, description: 'Seed of the train/test split (default 42).' }) seed?: number;
  @Field(() => Float, { nullable: true, description: 'Share of rows held out for evaluation (default 0.2).' })
  testFraction?: number;
  @Field({ nullable: true, description: 'Identical inputs name the same run; a new runKey starts a fresh one.' })
  runKey?: string;
  @Field(() => [ColumnExpectationInput], { nullable: true, description: 'The data contract the validate stage checks.' })
  expectations?: ColumnExpectationInput[];
  @Field({ nullable: true, description: 'builtin:logistic-regression, builtin:linear-regression (the defaults) or a registered trainer.' })
  trainer?: string;
  @Field(() => CrossValidationInput, { nullable: true }) crossValidation?: CrossValidationInput;
  @Field(() => TuningInput, { nullable: true }) tuning?: TuningInput;
  @Field(() => [QualityCheckInput], { nullable: true, description: 'A miss ends the run QUALITY_CHECKS_FAILED; no approval is requested.' })
  qualityChecks?: QualityCheckInput[];
  @Field(() => ChampionRuleInput, { nullable: true }) mustBeatChampion?: ChampionRuleInput;
  @Field({ nullable: true, description: 'Column to measure fairness across (need not be a feature).' }) sensitiveFeature?: string;
  @Field({ nullable: true, description: 'Favourable class for fairness; defaults to the second class of a binary model.' })
  favorableLabel?: string;
  @Field(() => DeployInput, { nullable: true, description: 'Ask for approval once the model passes its quality checks; without it the run ends after registration.' })
  deploy?: DeployInput;
}

@InputType({ description: 'One ONNX input of an imported model and the declared features it takes, in column order.' })
export class InputMappingInput {
  @Field({ description: 'The ONNX input, by its name in the graph.' }) input!: string;
  @Field(() => [String], { description: 'Declared features, in the order of the input tensor\'s columns ([N, k]); one feature for a per-column input ([N, 1]).' })
  features!: string[];
}

@InputType({ description: 'Which ONNX outputs of an imported model hold its predictions; an output left out is inferred.' })
export class OutputMappingInput {
  @Field({ nullable: true, description: 'Classifier: the output holding the predicted class per row (string or int64 tensor).' }) label?: string;
  @Field({ nullable: true, description: 'Classifier: the output holding the class probabilities (float tensor [N, C], or a ZipMap).' }) probabilities?: string;
  @Field({ nullable: true, description: 'Regressor: the output holding the prediction (float or double tensor [N, 1] or [N]).' }) prediction?: string;
}

@InputType()
export class ImportModelVersionInput extends OmitType(
  StartModelPipelineInput,
  // An import returns its finished run; deploying waits on people, so it goes through a pipeline or an operator.
  ['hyperparameters', 'trainer', 'crossValidation', 'tuning', 'deploy'] as const,
  InputType,
) {
  @Field({
    description:
      'Path or file:// URL, inside a data root, of the ONNX file, or of an MLflow model directory (or its MLmodel file) whose onnx flavor names the file. The model keeps its own input and output names (see docs/importing-models.md).',
  })
  artifactUri!: string;
  @Field(() => [InputMappingInput], {
    nullable: true,
    description: 'Which ONNX input takes which features, for inputs the import cannot match by name (the others are inferred).',
  })
  inputMapping?: InputMappingInput[];
  @Field(() => OutputMappingInput, { nullable: true, description: 'Which ONNX outputs hold the label and probabilities, or the prediction, when the import cannot tell.' })
  outputMapping?: OutputMappingInput;
}

/** Stage times are stored as ISO strings inside jsonb; the API serves them as DateTime. */
export function pipelineRunView(run: PipelineRunEntity): PipelineRunType {
  return {
    ...run,
    stages: run.stages.map((stage) => ({
      ...stage,
      startedAt: stage.startedAt ? new Date(stage.startedAt) : null,
      finishedAt: stage.finishedAt ? new Date(stage.finishedAt) : null,
    })),
  };
}
