import type { Db } from '../../db/db';
import { findTrainer, listTrainers } from '../../db/registry';
import { badInput } from '../../domain/errors';
import { BUILTIN_TRAINERS, isBuiltinTrainer, type Hyperparameters, type ModelTask } from '../../domain/pipeline';
import type { TuningSpec } from '../../domain/tuning';
import { MAX_FOLDS, MIN_FOLDS } from '../../ml/split/k-fold';
import { resolveHyperparameters } from '../../ml/train/fit-linear-model';
import { trainingErrorField } from '../../ml/train/training-error-field';
import { trialCandidates, tuningProblem } from '../../ml/tuning/trial-candidates';
import type { StartModelPipelineInput } from './pipeline.types';

/** Metrics the evaluate stage reports, by task: what a tuning objective may name. */
export const EVALUATION_METRICS: Record<ModelTask, string[]> = {
  CLASSIFICATION: ['accuracy', 'macroF1', 'logLoss'],
  REGRESSION: ['rmse', 'mae', 'r2'],
};

export interface TrainingOptions {
  trainer: string;
  hyperparameters: Hyperparameters;
  crossValidation: { folds: number } | null;
  tuning: TuningSpec | null;
}

/** Checks trainer, hyperparameters, cross-validation and tuning before anything is written. */
export async function trainingOptions(db: Db, request: StartModelPipelineInput): Promise<TrainingOptions> {
  const trainer = request.trainer ?? BUILTIN_TRAINERS[request.task];
  if (isBuiltinTrainer(trainer)) {
    if (trainer !== BUILTIN_TRAINERS[request.task]) {
      throw badInput('input.trainer', `${request.task} uses ${BUILTIN_TRAINERS[request.task]}, not ${trainer}`);
    }
  } else if (!(await findTrainer(db, trainer))) {
    const known = (await listTrainers(db)).map((t) => t.name);
    throw badInput('input.trainer', `unknown trainer ${JSON.stringify(trainer)}; registered: ${known.join(', ') || 'none'}`);
  }
  const builtin = isBuiltinTrainer(trainer);
  const hyperparameters = checkHyperparameters(request.task, request.hyperparameters ?? {}, builtin, 'input.hyperparameters');
  const folds = request.crossValidation?.folds;
  if (folds !== undefined && (!Number.isInteger(folds) || folds < MIN_FOLDS || folds > MAX_FOLDS)) {
    throw badInput('input.crossValidation.folds', `must be an integer from ${MIN_FOLDS} to ${MAX_FOLDS}`);
  }
  if (folds !== undefined && !builtin) throw badInput('input.crossValidation', 'is available for built-in trainers only');
  const tuning = request.tuning ? checkTuning(request, builtin, hyperparameters) : null;
  return { trainer, hyperparameters, crossValidation: folds === undefined ? null : { folds }, tuning };
}

function checkTuning(request: StartModelPipelineInput, builtin: boolean, fixed: Hyperparameters): TuningSpec {
  const { strategy, space, maxTrials, parallelism, objective } = request.tuning!;
  if (typeof space !== 'object' || space === null || Array.isArray(space)) throw badInput('input.tuning.space', 'must be a JSON object');
  const spec: TuningSpec = { strategy, space, maxTrials, parallelism, objective: { metric: objective.metric, goal: objective.goal, ...(objective.target == null ? {} : { target: objective.target }) } };
  const problem = tuningProblem(spec);
  if (problem) throw badInput(problem.field, problem.message);
  if (!EVALUATION_METRICS[request.task].includes(objective.metric)) {
    throw badInput('input.tuning.objective.metric', `must be one of ${EVALUATION_METRICS[request.task].join(', ')} for ${request.task}`);
  }
  for (const candidate of trialCandidates(spec, request.seed ?? 0)) {
    checkHyperparameters(request.task, { ...fixed, ...candidate }, builtin, 'input.tuning.space');
  }
  return spec;
}

function checkHyperparameters(task: ModelTask, given: Record<string, unknown>, builtin: boolean, field: string): Hyperparameters {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw badInput(field, 'must be a JSON object of numbers');
  for (const [name, value] of Object.entries(given)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(`${field}.${name}`, 'must be a finite number');
  }
  if (builtin) {
    try {
      resolveHyperparameters(task, given);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const name = trainingErrorField(error).replace(/^input\.hyperparameters\.?/, '');
      throw badInput(name ? `${field}.${name}` : field, error.message);
    }
  }
  return given as Hyperparameters;
}
