import { Context } from '@temporalio/activity';
import * as ort from 'onnxruntime-node';
import type { EvaluationResult, PipelineInput, TrainedModel } from '../domain/pipeline';
import { classificationMetrics, regressionMetrics } from '../ml/metrics/evaluation-metrics';
import { onnxInputs } from '../ml/features/onnx-inputs';
import type { ActivityDependencies } from './dependencies';
import { markStageAttempt } from './stage-progress';
import { loadTrainingData } from './training-data';

/** Rows scored per inference call: large enough to amortise the call, small enough to bound memory. */
const BATCH_ROWS = 8192;

export interface EvaluateInput extends PipelineInput {
  workflowId: string;
  model: TrainedModel;
  /** Trials are judged on the validation split; the final model on the test split. */
  on: 'validation' | 'test';
}

export function createEvaluateActivity(deps: ActivityDependencies) {
  return {
    /** Scores a held-out split through onnxruntime from raw feature values, i.e. exactly as serving will. */
    async evaluateModel(input: EvaluateInput): Promise<EvaluationResult> {
      if (input.on === 'test') await markStageAttempt(deps.dataSource.manager, input.workflowId, 'evaluate');
      const data = await loadTrainingData(deps, input);
      const session = await ort.InferenceSession.create(await deps.store.read(input.model.artifactUri));
      try {
        const testRows = data.splits[input.on];
        const labels: string[] = [];
        const predictions = new Float64Array(testRows.length);
        const probabilities = new Float64Array(testRows.length * input.model.classLabels.length);
        for (let start = 0; start < testRows.length; start += BATCH_ROWS) {
          const batch = testRows.subarray(start, start + BATCH_ROWS);
          const outputs = await session.run(onnxInputs(data.spec, data.columns, batch));
          if (input.task === 'CLASSIFICATION') {
            labels.push(...(outputs.label.data as string[]));
            probabilities.set(outputs.probabilities.data as Float32Array, start * input.model.classLabels.length);
          } else {
            predictions.set(outputs.prediction.data as Float32Array, start);
          }
          Context.current().heartbeat({ scoredRows: start + batch.length });
        }
        const actual = Array.from(testRows, (row) => data.target[row]);
        const metrics =
          input.task === 'CLASSIFICATION'
            ? classificationMetrics(actual.map(String), labels, probabilities, input.model.classLabels)
            : regressionMetrics(Float64Array.from(actual, Number), predictions);
        return { metrics, testRowCount: testRows.length };
      } finally {
        await session.release();
      }
    },
  };
}
