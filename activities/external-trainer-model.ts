import type * as ort from 'onnxruntime-node';
import { onnxRuntime } from '../ml/onnx/onnx-runtime';
import type { ModelTask } from '../domain/pipeline';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { onnxInputs } from '../ml/features/onnx-inputs';
import { ONNX_LABEL_OUTPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME } from '../ml/onnx/model-contract';
import { modelSignatureProblem } from '../ml/onnx/model-signature';

/** Enough rows to catch a model that loads but cannot score, few enough to cost nothing. */
const SMOKE_TEST_ROWS = 8;

export interface TrainerModelExpectations {
  task: ModelTask;
  classLabels: string[];
  /** The run's features and their values, to score `sampleRows` with. */
  featureSpec: FeatureSpec;
  columns: FeatureColumns;
  sampleRows: Uint32Array;
}

/**
 * What is wrong with an external trainer's model.onnx, or null when it meets the model
 * contract, records the run's feature lists in its metadata as our own trainers do, and
 * scores a few of the run's rows sensibly. Checked here so a broken model fails
 * training, naming the problem, rather than evaluation or serving later.
 */
export async function trainerModelProblem(bytes: Uint8Array, expected: TrainerModelExpectations): Promise<string | null> {
  const signature = await modelSignatureProblem(bytes, {
    task: expected.task,
    spec: expected.featureSpec,
    requireFeatureMetadata: true,
  });
  if (signature) return signature;
  // It loaded a moment ago, so a failure now is the machine's, not the model's.
  const session = await onnxRuntime().InferenceSession.create(bytes);
  try {
    return await scoringProblem(session, expected);
  } finally {
    await session.release();
  }
}

async function scoringProblem(session: ort.InferenceSession, expected: TrainerModelExpectations): Promise<string | null> {
  const rows = expected.sampleRows.subarray(0, SMOKE_TEST_ROWS);
  const inputs = onnxInputs(expected.featureSpec, expected.columns, rows);
  let outputs: ort.InferenceSession.ReturnType;
  try {
    outputs = await session.run(inputs);
  } catch (error) {
    return `it fails to score ${rows.length} rows: ${(error as Error).message}`;
  }
  if (expected.task === 'REGRESSION') {
    const prediction = outputs[ONNX_PREDICTION_OUTPUT_NAME];
    if (!sameDims(prediction.dims, [rows.length, 1])) {
      return `"${ONNX_PREDICTION_OUTPUT_NAME}" has shape [${prediction.dims}]; expected [${rows.length}, 1]`;
    }
    const values = Array.from(prediction.data as Float32Array);
    return values.every(Number.isFinite) ? null : `it predicts non-finite values (${values.join(', ')})`;
  }
  const labels = outputs[ONNX_LABEL_OUTPUT_NAME].data as string[];
  const unknown = labels.find((label) => !expected.classLabels.includes(label));
  if (unknown !== undefined) return `it predicts the label ${JSON.stringify(unknown)}, which is not in classLabels`;
  const probabilities = outputs[ONNX_PROBABILITIES_OUTPUT_NAME];
  const classCount = expected.classLabels.length;
  if (!sameDims(probabilities.dims, [rows.length, classCount])) {
    const expectedShape = `[${rows.length}, ${classCount}] (one column per class label)`;
    return `"${ONNX_PROBABILITIES_OUTPUT_NAME}" has shape [${probabilities.dims}]; expected ${expectedShape}`;
  }
  return null;
}

function sameDims(actual: readonly number[], expected: number[]): boolean {
  return actual.length === expected.length && actual.every((dim, i) => dim === expected[i]);
}
