import type * as ort from 'onnxruntime-node';
import { ONNX_CATEGORICAL_INPUT_NAME, ONNX_NUMERIC_INPUT_NAME } from '../ml/onnx/model-contract';
import type { ServedVersion } from './model-sessions';

interface TensorMetadata {
  name: string;
  datatype: string;
  /** -1 for a dimension the model leaves open (the batch). */
  shape: number[];
  /** For an input reading several features: their names, in column order. */
  parameters?: { features: string[] };
}

export interface ModelMetadata {
  name: string;
  versions: string[];
  platform: 'onnxruntime_onnx';
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

/** The protocol's datatype for each ONNX element type. */
const DATATYPES: Partial<Record<ort.Tensor.Type, string>> = {
  bool: 'BOOL',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  string: 'BYTES',
};

/**
 * The protocol's model metadata for `served`: the inputs and outputs of its ONNX graph as
 * onnxruntime reads them, each input with the features it carries. The server also takes
 * one tensor per feature, named by the feature (docs/serving.md).
 */
export function modelMetadata(served: ServedVersion, versions: string[]): ModelMetadata {
  const features: Record<string, string[]> = {
    [ONNX_NUMERIC_INPUT_NAME]: served.spec.numeric,
    [ONNX_CATEGORICAL_INPUT_NAME]: served.spec.categorical,
  };
  return {
    name: served.modelName,
    versions,
    platform: 'onnxruntime_onnx',
    inputs: served.session.inputMetadata.map((value) => {
      const tensor = tensorMetadata(value);
      return features[tensor.name] ? { ...tensor, parameters: { features: features[tensor.name] } } : tensor;
    }),
    outputs: served.session.outputMetadata.map(tensorMetadata),
  };
}

/**
 * The model configuration Triton's clients ask for (`get_model_config`), in Triton's JSON
 * form: no server-side batching (`max_batch_size` 0, so dims include the batch), and the
 * versions this environment serves under the model's name.
 */
export function modelConfig(served: ServedVersion, versions: string[]) {
  const dims = (value: ort.InferenceSession.ValueMetadata) => {
    const { name, datatype, shape } = tensorMetadata(value);
    return { name, data_type: datatype === 'BYTES' ? 'TYPE_STRING' : `TYPE_${datatype}`, dims: shape };
  };
  return {
    name: served.modelName,
    platform: 'onnxruntime_onnx',
    backend: 'onnxruntime',
    version_policy: { specific: { versions: versions.map(Number) } },
    max_batch_size: 0,
    input: served.session.inputMetadata.map(dims),
    output: served.session.outputMetadata.map(dims),
  };
}

function tensorMetadata(value: ort.InferenceSession.ValueMetadata): TensorMetadata {
  if (!value.isTensor) return { name: value.name, datatype: 'UNSUPPORTED', shape: [] };
  return {
    name: value.name,
    datatype: DATATYPES[value.type] ?? value.type.toUpperCase(),
    shape: value.shape.map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : -1)),
  };
}
