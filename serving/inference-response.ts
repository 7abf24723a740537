import type * as ort from 'onnxruntime-node';
import type { ModelTask } from '../domain/pipeline';
import { ONNX_LABEL_OUTPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME } from '../ml/onnx/model-contract';
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
