import type * as ort from 'onnxruntime-node';
import { contractInputs } from '../../domain/model-signature';
import { scoringFeeds } from '../onnx/model-scoring';
import type { FeatureColumns, FeatureSpec } from './feature-spec';

/**
 * The input tensors of a model built on the contract for `spec`, holding `rows` of the raw
 * columns: `numeric_features` float32 [rows, k] with NaN kept as the missing
 * marker, and `categorical_features` string [rows, m] with null sent as ''.
 * An input is left out when its kind has no features, as the model lacks it.
 */
export function onnxInputs(spec: FeatureSpec, columns: FeatureColumns, rows: ArrayLike<number>): Record<string, ort.Tensor> {
  return scoringFeeds(contractInputs(spec), spec, columns, rows);
}
