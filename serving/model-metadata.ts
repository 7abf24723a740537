import type { ModelInputType } from '../domain/model-signature';
import { ONNX_LABEL_OUTPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME } from '../ml/onnx/model-contract';
import type { ServedVersion } from './model-sessions';

interface TensorMetadata {
  name: string;
  datatype: string;
  /** -1 is the batch dimension. */
  shape: number[];
}

export interface ModelMetadata {
  name: string;
  versions: string[];
  platform: 'onnxruntime_onnx';
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

/** The protocol's datatype of each ONNX input type. */
const PROTOCOL_DATATYPES: Record<ModelInputType, string> = { float32: 'FP32', float64: 'FP64', int64: 'INT64', string: 'BYTES' };

/**
 * The protocol's model metadata for `served`, describing the per-feature request form:
 * one tensor per feature, typed as the model's input that takes it (FP32, FP64, INT64 or
 * BYTES), in the order of the model's inputs. The model's own `numeric_features`/`categorical_features`
 * tensors are accepted too.
 */
export function modelMetadata(served: ServedVersion, versions: string[]): ModelMetadata {
  const outputs: TensorMetadata[] =
    served.task === 'CLASSIFICATION'
      ? [
          { name: ONNX_LABEL_OUTPUT_NAME, datatype: 'BYTES', shape: [-1] },
          { name: ONNX_PROBABILITIES_OUTPUT_NAME, datatype: 'FP32', shape: [-1, served.classLabels.length] },
        ]
      : [{ name: ONNX_PREDICTION_OUTPUT_NAME, datatype: 'FP32', shape: [-1, 1] }];
  return {
    name: served.modelName,
    versions,
    platform: 'onnxruntime_onnx',
    inputs: served.signature.inputs.flatMap((input) => input.features.map((name) => ({ name, datatype: PROTOCOL_DATATYPES[input.type], shape: [-1] }))),
    outputs,
  };
}
