import type * as ort from 'onnxruntime-node';
import { onnxRuntime } from '../onnx/onnx-runtime';
import {
  ONNX_CATEGORICAL_INPUT_NAME,
  ONNX_MISSING_CATEGORY,
  ONNX_NUMERIC_INPUT_NAME,
} from '../onnx/model-contract';
import { assertRowsWithin, featureRowCount, type FeatureColumns, type FeatureSpec } from './feature-spec';

/**
 * The input tensors of a model exported for `spec`, holding `rows` of the raw
 * columns: `numeric_features` float32 [rows, k] with NaN kept as the missing
 * marker, and `categorical_features` string [rows, m] with null sent as ''.
 * An input is left out when its kind has no features, as the model lacks it.
 */
export function onnxInputs(spec: FeatureSpec, columns: FeatureColumns, rows: ArrayLike<number>): Record<string, ort.Tensor> {
  assertRowsWithin(rows, featureRowCount(spec, columns), 'rows');
  const { Tensor } = onnxRuntime();
  const inputs: Record<string, ort.Tensor> = {};

  const numericCount = spec.numeric.length;
  if (numericCount > 0) {
    const values = new Float32Array(rows.length * numericCount);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < numericCount; j++) values[i * numericCount + j] = columns.numericColumns[j][rows[i]];
    }
    inputs[ONNX_NUMERIC_INPUT_NAME] = new Tensor('float32', values, [rows.length, numericCount]);
  }

  const categoricalCount = spec.categorical.length;
  if (categoricalCount > 0) {
    const values = new Array<string>(rows.length * categoricalCount);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < categoricalCount; j++) {
        values[i * categoricalCount + j] = columns.categoricalColumns[j][rows[i]] ?? ONNX_MISSING_CATEGORY;
      }
    }
    inputs[ONNX_CATEGORICAL_INPUT_NAME] = new Tensor('string', values, [rows.length, categoricalCount]);
  }
  return inputs;
}
