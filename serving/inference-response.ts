import type * as ort from 'onnxruntime-node';
import type { ModelSignature } from '../domain/model-signature';
import { ONNX_LABEL_OUTPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME } from '../ml/onnx/model-contract';
import { readScores } from '../ml/onnx/model-scoring';
import { encodeTensor } from './binary-tensor-data';

/** A tensor as the Open Inference Protocol's JSON carries it: data flattened row-major. */
export interface ProtocolTensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

/** An output sent as binary data: its bytes follow the JSON, `binary_data_size` long. */
export interface BinaryOutput {
  name: string;
  datatype: string;
  shape: number[];
  parameters: { binary_data_size: number };
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

/** The outputs every response can carry, whatever the model's own output names: what `outputs` in a request may ask for. */
export function responseOutputNames(signature: ModelSignature): string[] {
  return signature.outputs.kind === 'REGRESSOR' ? [ONNX_PREDICTION_OUTPUT_NAME] : [ONNX_LABEL_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME];
}

/**
 * The outputs a request asked for (`requested`: name → as binary data), in its order:
 * JSON tensors carry their data, binary ones their size, with the bytes in `binary`.
 */
export function selectOutputs(outputs: ProtocolTensor[], requested: Map<string, boolean>): { outputs: (ProtocolTensor | BinaryOutput)[]; binary: Buffer[] } {
  const byName = new Map(outputs.map((output) => [output.name, output]));
  const binary: Buffer[] = [];
  const selected = [...requested].flatMap(([name, asBinary]): (ProtocolTensor | BinaryOutput)[] => {
    const output = byName.get(name);
    if (!output) return [];
    if (!asBinary) return [output];
    const bytes = encodeTensor(output.datatype, output.data);
    binary.push(bytes);
    return [{ name, datatype: output.datatype, shape: output.shape, parameters: { binary_data_size: bytes.length } }];
  });
  return { outputs: selected, binary };
}
