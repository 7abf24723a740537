import { Context } from '@temporalio/activity';
import { updatePipelineRun } from '../db/pipeline-runs';
import type { CrossValidationSummary, Metrics, PipelineInput } from '../domain/pipeline';
import { argmaxLabels, classificationMetrics, regressionMetrics } from '../ml/metrics/evaluation-metrics';
import { summariseFolds } from '../ml/metrics/summarise-folds';
import { kFold } from '../ml/split/k-fold';
import { fitLinearModel } from '../ml/train/fit-linear-model';
import { predictLinearModel } from '../ml/train/predict-linear-model';
import { trainingErrorField } from '../ml/train/training-error-field';
import type { ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';
import { loadTrainingData } from './training-data';

export function createCrossValidateActivity(deps: ActivityDependencies) {
  return {
    /**
     * k-fold cross-validation within the training split (the test split stays unseen):
     * fits a model per fold, scores its held-out fold, and records per-fold and mean±std
     * metrics on the run.
     */
    async crossValidate(input: PipelineInput & { workflowId: string }): Promise<CrossValidationSummary> {
      const data = await loadTrainingData(deps, input);
      const train = data.splits.train;
      const classification = input.task === 'CLASSIFICATION';
      let folds;
      try {
        folds = kFold(classification ? Array.from(train, (row) => String(data.target[row])) : train.length, {
          folds: input.crossValidation!.folds,
          seed: input.seed,
        });
      } catch (error) {
        if (error instanceof RangeError) throw invalidInput(trainingErrorField(error), error.message);
        throw error;
      }
      const perFold: Metrics[] = folds.map((fold, index) => {
        const trainRows = fold.train.map((i) => train[i]);
        const heldOut = fold.validation.map((i) => train[i]);
        const model = fitLinearModel({
          task: input.task,
          spec: data.spec,
          ...data.columns,
          target: data.target,
          trainRows,
          hyperparameters: input.hyperparameters,
          metadata: {},
        });
        const predictions = predictLinearModel(model, data.columns, heldOut);
        Context.current().heartbeat({ fold: index + 1, of: folds.length });
        if (!classification) return regressionMetrics(Float64Array.from(heldOut, (row) => Number(data.target[row])), predictions);
        const metrics = classificationMetrics(
          Array.from(heldOut, (row) => String(data.target[row])),
          argmaxLabels(predictions, model.classLabels),
          predictions,
          model.classLabels,
        );
        return { unseenLabelRows: 0, ...metrics };
      });
      const summary: CrossValidationSummary = { folds: folds.length, perFold, ...summariseFolds(perFold) };
      await updatePipelineRun(deps.dataSource, { workflowId: input.workflowId }, { crossValidation: summary });
      return summary;
    },
  };
}
