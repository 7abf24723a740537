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

@ObjectType('PipelineStage', { description: 'One stage of a pipeline run.' })
export class PipelineStageType {
  @Field({ description: 'validate, tune, train, evaluate, register, and for runs with deploy approve and deploy.' }) name!: string;
  @Field({ description: 'PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or SKIPPED' }) status!: string;
  @Field(() => Int, { description: 'Activity attempts so far; more than 1 means it was retried.' }) attempts!: number;
  @Field(() => Date, { nullable: true, description: 'When the stage started; null while PENDING or when SKIPPED.' }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the stage ended; null until it has.' }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the stage failed; null unless FAILED.' }) error!: string | null;
}

@ObjectType('PipelineRun', {
  description:
    'One run of the model lifecycle (validate, tune, train, evaluate, register, and with deploy approve and deploy) as a durable Temporal workflow.',
})
export class PipelineRunType {
  @Field(() => ID, { description: "The run's id (a lineage node)." }) id!: string;
  @Field({ description: 'pipeline:<modelName>:<key>, derived from the inputs: what pipelineRun, retryPipeline and cancelPipeline take.' }) workflowId!: string;
  @Field({ description: 'The model the run trains (or imports) a version of.' }) modelName!: string;
  @Field(() => ID, { description: 'The dataset version it trains and evaluates on.' }) datasetVersionId!: string;
  @Field(() => PipelineStatusEnum, { description: 'RUNNING until it ends; see PipelineStatus.' }) status!: PipelineStatus;
  @Field({ description: 'The stage running now, or the last one that ran.' }) currentStage!: string;
  @Field(() => [PipelineStageType], { description: 'Every stage in order, with its status, attempts and times.' }) stages!: PipelineStageType[];
  @Field(() => String, { nullable: true, description: 'Why the run did not succeed (a failed stage, the failed quality checks, a rejection); null otherwise.' })
  error!: string | null;
  @Field({ description: 'Who started it (a token name, or system:drift-monitor for a retraining run); they may not approve its gate.' }) requestedBy!: string;
  @Field(() => ID, { nullable: true, description: 'The version it registered; null until the register stage has run.' }) modelVersionId!: string | null;
  @Field(() => ID, { nullable: true, description: "The validate stage's report; null until it has run." }) validationReportId!: string | null;
  @Field(() => [TuningTrialType], { description: 'Tuning trials so far, in order; empty without tuning.' }) trials!: TuningTrialType[];
  @Field(() => CrossValidationType, { nullable: true, description: 'Per-fold and mean metrics; null unless the run asked for crossValidation.' })
  crossValidation!: CrossValidationType | null;
  @Field(() => ReproducibilityType, { nullable: true, description: 'Recorded when the model version is registered.' })
  reproducibility!: ReproducibilityType | null;
  @Field(() => JsonScalar, { description: 'The inputs the run was started with (trainer, tuning, expectations, …).' })
  input!: PipelineInput;
  @Field({ description: 'When it was requested.' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it ended; null while it runs or waits.' }) finishedAt!: Date | null;
}

@ObjectType('TuningTrial', { description: 'One hyperparameter combination tried by a tuned run, as a child workflow.' })
export class TuningTrialType {
  @Field(() => Int, { description: "The trial's number, from 0 (its workflow id ends :trial:<index>)." }) index!: number;
  @Field(() => JsonScalar, { description: 'The hyperparameters it trained with, by name.' }) params!: Record<string, number>;
  @Field(() => JsonScalar, { nullable: true, description: 'Metrics on the validation split.' }) metrics!: Record<string, number> | null;
  @Field({ description: 'RUNNING, SUCCEEDED or FAILED' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Why it failed; null unless FAILED.' }) error!: string | null;
}

@ObjectType('CrossValidation', { description: 'k-fold cross-validation over the training split.' })
export class CrossValidationType {
  @Field(() => Int, { description: 'Number of folds.' }) folds!: number;
  @Field(() => [JsonScalar], { description: "Each fold's metrics, by name, in fold order." }) perFold!: Record<string, number>[];
  @Field(() => JsonScalar, { description: 'Mean of each metric over the folds.' }) mean!: Record<string, number>;
  @Field(() => JsonScalar, { description: 'Standard deviation of each metric over the folds.' }) std!: Record<string, number>;
}

@ObjectType('Reproducibility', { description: 'What it takes to train the same model again: data, split, parameters and code.' })
export class ReproducibilityType {
  @Field({ description: "SHA-256 of the dataset version's bytes." }) datasetSha256!: string;
  @Field(() => Int, { description: 'Seed of the train/test split.' }) seed!: number;
  @Field(() => Float, { description: 'Share of rows held out for evaluation.' }) testFraction!: number;
  @Field(() => JsonScalar, { description: 'The hyperparameters trained with, defaults filled in.' }) hyperparameters!: Record<string, number>;
  @Field({ description: "builtin:<name>, a registered trainer's name, or import:onnx." }) trainer!: string;
  @Field({ description: "Provenant's version for built-ins, the registered version for external trainers, the ONNX file's sha256 for imports." })
  trainerVersion!: string;
  @Field(() => String, { nullable: true, description: "The commit the workers ran (PROVENANT_GIT_COMMIT, else the checkout's HEAD); null when neither is known." })
  gitCommit!: string | null;
  @Field({ description: 'Node.js version of the training worker.' }) nodeVersion!: string;
  @Field({ description: 'onnxruntime version that evaluated the model.' }) onnxruntimeVersion!: string;
  @Field({ description: "Provenant's version." }) provenantVersion!: string;
}

@ObjectType({ description: 'One run in a page of pipelineRuns.' })
export class PipelineRunEdge {
  @Field({ description: 'Pass as `after` to continue after this run.' }) cursor!: string;
  @Field(() => PipelineRunType, { description: 'The run.' }) node!: PipelineRunType;
}

@ObjectType({ description: 'A page of pipeline runs, newest first.' })
export class PipelineRunConnection {
  @Field(() => [PipelineRunEdge], { description: 'The runs of this page.' }) edges!: PipelineRunEdge[];
  @Field(() => PageInfo, { description: 'Whether there are more, and the cursor to continue from.' }) pageInfo!: PageInfo;
}

@InputType({ description: 'Cross-validate over the training split before the final fit.' })
export class CrossValidationInput {
  @Field(() => Int, { description: 'Number of folds, 2-20, over the training split.' }) folds!: number;
}

@InputType({ description: 'What tuning optimises.' })
export class TuningObjectiveInput {
  @Field({ description: 'A metric the evaluation reports, e.g. accuracy, macroF1, logLoss, rmse, mae, r2.' }) metric!: string;
  @Field(() => ObjectiveGoalEnum, { description: 'MAXIMIZE or MINIMIZE the metric.' }) goal!: ObjectiveGoal;
  @Field(() => Float, { nullable: true, description: 'Stop early once a trial reaches this value.' }) target?: number;
}

@InputType({ description: 'A hyperparameter search; each trial is a child workflow scored on a validation split.' })
export class TuningInput {
  @Field(() => TuningStrategyEnum, { description: 'GRID or RANDOM.' }) strategy!: TuningStrategy;
  @Field(() => JsonScalar, {
    description: 'Per hyperparameter: a list of values (GRID, RANDOM) or {min, max, scale: LINEAR|LOG, integer} (RANDOM).',
  })
  space!: Record<string, SearchDimension>;
  @Field(() => Int, { description: 'Most trials to run (GRID: the first maxTrials combinations).' }) maxTrials!: number;
  @Field(() => Int, { defaultValue: 1, description: 'Trials run at once, each a child workflow.' }) parallelism!: number;
  @Field(() => TuningObjectiveInput, { description: 'The metric to optimise and its direction.' }) objective!: TuningObjectiveInput;
}

@InputType({ description: 'A bound a metric must meet for the run to succeed and ask for approval.' })
export class QualityCheckInput {
  @Field({ description: 'A metric (accuracy, macroF1, rmse, …) or a fairness measure.' }) metric!: string;
  @Field(() => QualityCheckOpEnum, { description: 'GTE (at least value) or LTE (at most value).' }) op!: QualityCheckOp;
  @Field(() => Float, { description: 'The bound.' }) value!: number;
}

@InputType({ description: "A quality check that the candidate beats the model's champion on the same test rows." })
export class ChampionRuleInput {
  @Field({ description: "One of the task's metrics (not a fairness measure); for logLoss, rmse and mae lower is better." }) metric!: string;
  @Field(() => Float, { description: 'Required improvement over the champion (direction-aware).' }) minDelta!: number;
}

@InputType({ description: "What to train and how (roles engineer and admin); checked against the dataset's schema before anything is written." })
export class StartModelPipelineInput {
  @Field({ description: 'The model to register a version of; a new name creates the model.' }) modelName!: string;
  @Field(() => ID, { description: 'The dataset version to train and evaluate on.' }) datasetVersionId!: string;
  @Field({ description: 'The column to predict; rows without it are dropped.' }) target!: string;
  @Field(() => [String], { description: 'The columns the model reads: number, boolean (as 0/1) or string (categorical, at most 100 distinct values).' })
  features!: string[];
  @Field(() => ModelTaskEnum, { description: 'CLASSIFICATION or REGRESSION.' }) task!: ModelTask;
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
  @Field(() => CrossValidationInput, { nullable: true, description: 'Also run k-fold cross-validation over the training split.' })
  crossValidation?: CrossValidationInput;
  @Field(() => TuningInput, { nullable: true, description: 'Search hyperparameters before the final fit; without it the tune stage is SKIPPED.' })
  tuning?: TuningInput;
  @Field(() => [QualityCheckInput], { nullable: true, description: 'A miss ends the run QUALITY_CHECKS_FAILED; no approval is requested.' })
  qualityChecks?: QualityCheckInput[];
  @Field(() => ChampionRuleInput, { nullable: true, description: "A quality check that the candidate improves on the model's champion by at least minDelta." })
  mustBeatChampion?: ChampionRuleInput;
  @Field({ nullable: true, description: 'Column to measure fairness across (need not be a feature).' }) sensitiveFeature?: string;
  @Field({ nullable: true, description: 'Favourable class for fairness; defaults to the second class of a binary model.' })
  favorableLabel?: string;
  @Field(() => DeployInput, { nullable: true, description: 'Ask for approval once the model passes its quality checks; without it the run ends after registration.' })
  deploy?: DeployInput;
}

@InputType({ description: 'An ONNX model trained elsewhere to validate, evaluate and register (roles engineer and admin).' })
export class ImportModelVersionInput extends OmitType(
  StartModelPipelineInput,
  // An import returns its finished run; deploying waits on people, so it goes through a pipeline or an operator.
  ['hyperparameters', 'trainer', 'crossValidation', 'tuning', 'deploy'] as const,
  InputType,
) {
  @Field({ description: 'Path or file:// URL of the ONNX file, inside a data root; it must follow the ONNX model contract.' })
  artifactUri!: string;
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
