import type * as ort from 'onnxruntime-node';
import type { ModelTask } from '../domain/pipeline';
import { ONNX_LABEL_OUTPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME } from '../ml/onnx/model-contract';

/** A tensor as the Open Inference Protocol's JSON carries it: data flattened row-major. */
export interface ProtocolTensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

export interface ScoredRows {
  /** The response's `outputs`. */
  outputs: ProtocolTensor[];
  /** One entry per row, for the prediction log: `{label, probabilities: {class: p}}` or `{prediction}`. */
  rowOutputs: Record<string, unknown>[];
}

/**
 * Reads a contract model's outputs (ml/onnx/model-contract.ts): a classifier's `label`
 * [N] and `probabilities` [N, C] in `classLabels` order, or a regressor's `prediction` [N, 1].
 */
export function scoredRows(task: ModelTask, classLabels: string[], results: ort.InferenceSession.ReturnType): ScoredRows {
  if (task === 'REGRESSION') {
    const prediction = results[ONNX_PREDICTION_OUTPUT_NAME];
    const values = Array.from(prediction.data as Float32Array);
    return {
      outputs: [{ name: ONNX_PREDICTION_OUTPUT_NAME, datatype: 'FP32', shape: [...prediction.dims], data: values }],
      rowOutputs: values.map((value) => ({ prediction: value })),
    };
  }
  const labels = results[ONNX_LABEL_OUTPUT_NAME].data as string[];
  const probabilities = results[ONNX_PROBABILITIES_OUTPUT_NAME];
  const flat = Array.from(probabilities.data as Float32Array);
  const classCount = probabilities.dims[1];
  return {
    outputs: [
      { name: ONNX_LABEL_OUTPUT_NAME, datatype: 'BYTES', shape: [labels.length], data: Array.from(labels) },
      { name: ONNX_PROBABILITIES_OUTPUT_NAME, datatype: 'FP32', shape: [...probabilities.dims], data: flat },
    ],
    rowOutputs: Array.from(labels, (label, row) => ({
      label,
      probabilities: Object.fromEntries(classLabels.map((name, c) => [name, flat[row * classCount + c]])),
    })),
  };
}
