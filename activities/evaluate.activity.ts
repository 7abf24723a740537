import { Context } from '@temporalio/activity';
import * as ort from 'onnxruntime-node';
import type { EvaluationResult, Metrics, PipelineInput, TrainedModel } from '../domain/pipeline';
import { accuracy, logLoss, macroF1 } from '../ml/metrics/classification-metrics';
import { mae, r2, rmse } from '../ml/metrics/regression-metrics';
import { ONNX_INPUT_NAME } from '../ml/onnx/linear-model-onnx';
import type { ActivityDependencies } from './dependencies';
import { markStageAttempt } from './stage-progress';
import { loadTrainingData } from './training-data';

/** Rows scored per inference call: large enough to amortise the call, small enough to bound memory. */
const BATCH_ROWS = 8192;

export function createEvaluateActivity(deps: ActivityDependencies) {
  return {
    /** Scores the held-out split through onnxruntime, i.e. exactly as serving will. */
    async evaluateModel(input: PipelineInput & { workflowId: string; model: TrainedModel }): Promise<EvaluationResult> {
      await markStageAttempt(deps.dataSource.manager, input.workflowId, 'evaluate');
      const data = await loadTrainingData(deps, input);
      const session = await ort.InferenceSession.create(await deps.store.read(input.model.artifactUri));
      try {
        const testRows = data.split.test;
        const labels: string[] = [];
        const predictions = new Float64Array(testRows.length);
        const probabilities = new Float64Array(testRows.length * input.model.classLabels.length);
        for (let start = 0; start < testRows.length; start += BATCH_ROWS) {
          const batch = testRows.subarray(start, start + BATCH_ROWS);
          const outputs = await session.run({ [ONNX_INPUT_NAME]: featureTensor(data.features, batch) });
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

function featureTensor(columns: Float64Array[], rows: Uint32Array): ort.Tensor {
  const width = columns.length;
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    for (let c = 0; c < width; c += 1) values[i * width + c] = columns[c][row];
  });
  return new ort.Tensor('float32', values, [rows.length, width]);
}

function classificationMetrics(actual: string[], predicted: string[], probabilities: Float64Array, classLabels: string[]): Metrics {
  const classCount = classLabels.length;
  // A test label the training split never saw cannot be scored against the model's
  // classes; such rows are left out and counted, not silently dropped.
  const known = actual.flatMap((label, row) => (classLabels.includes(label) ? [row] : []));
  const actualIndex = known.map((row) => classLabels.indexOf(actual[row]));
  const predictedIndex = known.map((row) => classLabels.indexOf(predicted[row]));
  const knownProbabilities = new Float64Array(known.length * classCount);
  known.forEach((row, i) => knownProbabilities.set(probabilities.subarray(row * classCount, (row + 1) * classCount), i * classCount));
  return {
    accuracy: accuracy(actualIndex, predictedIndex),
    macroF1: macroF1(actualIndex, predictedIndex, classCount),
    logLoss: logLoss(actualIndex, knownProbabilities, classCount),
    ...(known.length < actual.length ? { unseenLabelRows: actual.length - known.length } : {}),
  };
}

function regressionMetrics(actual: Float64Array, predicted: Float64Array): Metrics {
  return { rmse: rmse(actual, predicted), mae: mae(actual, predicted), r2: r2(actual, predicted) };
}
