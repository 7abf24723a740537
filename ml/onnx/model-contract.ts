/**
 * What a Provenant ONNX model takes and gives. Serving code builds its inputs
 * and reads its outputs by these names, so they are defined once, here.
 *
 * Inputs (each present only when the model has a feature of that kind):
 * - `numeric_features`: float32 [N, k], NaN for a missing value;
 * - `categorical_features`: string [N, m], '' for a missing value.
 * Columns follow the feature lists recorded, as JSON arrays, under the two
 * metadata keys below. Feature names are not used as input names because they
 * may contain spaces, parentheses or any unicode.
 *
 * Outputs: classifiers give `label` (string [N]) and `probabilities`
 * (float [N, C]); regressors give `prediction` (float [N, 1]).
 */

export const ONNX_NUMERIC_INPUT_NAME = 'numeric_features';
export const ONNX_CATEGORICAL_INPUT_NAME = 'categorical_features';
export const ONNX_NUMERIC_FEATURES_METADATA_KEY = 'provenant.numeric_features';
export const ONNX_CATEGORICAL_FEATURES_METADATA_KEY = 'provenant.categorical_features';
/** The categorical input's marker for a missing value; no category may equal it. */
export const ONNX_MISSING_CATEGORY = '';

export const ONNX_LABEL_OUTPUT_NAME = 'label';
export const ONNX_PROBABILITIES_OUTPUT_NAME = 'probabilities';
export const ONNX_PREDICTION_OUTPUT_NAME = 'prediction';
/** Symbolic batch dimension shared by every input and output. */
export const ONNX_BATCH_DIMENSION = 'N';
