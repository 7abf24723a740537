import { Context } from '@temporalio/activity';
import type { PipelineInput, TrainedModel } from '../domain/pipeline';
import { fitLinearModel, resolveHyperparameters } from '../ml/train/fit-linear-model';
import { trainingErrorField } from '../ml/train/training-error-field';
import type { ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';
import { markStageAttempt } from './stage-progress';
import { loadTrainingData } from './training-data';

export type TrainInput = PipelineInput & { workflowId: string; trialIndex?: number };

export function createTrainActivity(deps: ActivityDependencies) {
  return {
    /** Fits a built-in model on the training split and stores it as an ONNX artifact. */
    async trainModel(input: TrainInput): Promise<TrainedModel> {
      if (input.trialIndex === undefined) await markStageAttempt(deps.dataSource, input.workflowId, 'train');
      const data = await loadTrainingData(deps, input);
      Context.current().heartbeat('data loaded');
      let result;
      try {
        result = fitLinearModel({
          task: input.task,
          spec: data.spec,
          ...data.columns,
          target: data.target,
          trainRows: data.splits.train,
          hyperparameters: input.hyperparameters,
          // Only inputs go in, so the same inputs give a byte-identical file.
          metadata: {
            'provenant.model': input.modelName,
            'provenant.target': input.target,
            'provenant.dataset_sha256': data.version.contentSha256,
            'provenant.seed': String(input.seed),
          },
        });
      } catch (error) {
        if (error instanceof RangeError) throw invalidInput(trainingErrorField(error), error.message);
        throw error;
      }
      const artifact = await deps.store.put(result.onnx);
      deps.logger.info({ workflowId: input.workflowId, trialIndex: input.trialIndex, artifactSha256: artifact.sha256 }, 'model trained');
      return {
        artifactSha256: artifact.sha256,
        artifactUri: artifact.uri,
        classLabels: result.classLabels,
        trainRowCount: result.trainRowCount,
        iterations: result.iterations,
        effectiveHyperparameters: resolveHyperparameters(input.task, input.hyperparameters),
      };
    },
  };
}
