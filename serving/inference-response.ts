import type * as ort from 'onnxruntime-node';
import type { ModelSignature } from '../domain/model-signature';
import { ONNX_LABEL_OUTPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME } from '../ml/onnx/model-contract';
import { readScores } from '../ml/onnx/model-scoring';

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
 * The response to a batch, whatever the model's own output names (read through its
 * signature): a classifier's `label` [N] and `probabilities` [N, C] in `classLabels`
 * order, or a regressor's `prediction` [N, 1].
 */
export function scoredRows(signature: ModelSignature, classLabels: string[], results: ort.InferenceSession.ReturnType): ScoredRows {
  const scores = readScores(signature, results);
  if (signature.outputs.kind === 'REGRESSOR') {
    const values = Array.from(scores.predictions);
    return {
      outputs: [{ name: ONNX_PREDICTION_OUTPUT_NAME, datatype: 'FP32', shape: [values.length, 1], data: values }],
      rowOutputs: values.map((value) => ({ prediction: value })),
    };
  }
  const { labels } = scores;
  const flat = Array.from(scores.probabilities);
  const classCount = classLabels.length;
  return {
    outputs: [
      { name: ONNX_LABEL_OUTPUT_NAME, datatype: 'BYTES', shape: [labels.length], data: Array.from(labels) },
      { name: ONNX_PROBABILITIES_OUTPUT_NAME, datatype: 'FP32', shape: [labels.length, classCount], data: flat },
    ],
    rowOutputs: Array.from(labels, (label, row) => ({
      label,
      probabilities: Object.fromEntries(classLabels.map((name, c) => [name, flat[row * classCount + c]])),
    })),
  };
}
