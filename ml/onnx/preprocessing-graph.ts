import { onnx } from 'onnx-proto';
import { assertFeatureSpec } from '../features/feature-spec';
import { designMatrixWidth, type Preprocessor } from '../features/preprocessor';
import { assertFiniteFloat32 } from './assert-finite-float32';
import {
  ONNX_BATCH_DIMENSION,
  ONNX_CATEGORICAL_FEATURES_METADATA_KEY,
  ONNX_CATEGORICAL_INPUT_NAME,
  ONNX_MISSING_CATEGORY,
  ONNX_NUMERIC_FEATURES_METADATA_KEY,
  ONNX_NUMERIC_INPUT_NAME,
} from './model-contract';
import {
  ONNX_ML_DOMAIN,
  floatAttribute,
  floatScalarInitializer,
  int64sInitializer,
  floatsAttribute,
  int64ScalarInitializer,
  intAttribute,
  stringsAttribute,
  tensorValueInfo,
} from './onnx-builders';

/** The float [N, designMatrixWidth] tensor the preprocessing graph ends in. */
export const DESIGN_MATRIX = 'design_matrix';

/** The part of a model graph that turns raw feature inputs into the design matrix. */
export interface PreprocessingGraph {
  inputs: onnx.IValueInfoProto[];
  initializers: onnx.ITensorProto[];
  nodes: onnx.INodeProto[];
  /** The feature lists under the model-contract metadata keys, as JSON arrays. */
  metadata: Record<string, string>;
  /** Column count of DESIGN_MATRIX. */
  width: number;
}

/**
 * The Preprocessor as ONNX operators (https://onnx.ai/onnx/operators/), as
 * skl2onnx converts a ColumnTransformer:
 *
 *   numeric_features [N,k] ─ Imputer(NaN → means) ─ Scaler ───────────────┐
 *   categorical_features [N,m] ─ Gather(column j) ─ OneHotEncoder ─ … ─ Concat(axis 1) → design_matrix
 *
 * Gather with a scalar index drops the column axis, giving [N]; OneHotEncoder
 * appends a category axis, giving [N, C_j]. (Fed [N, 1] it would give
 * [N, 1, C_j].) OneHotEncoder's zeros=1 encodes a category missing from
 * cats_strings, i.e. unseen or '', as all zeros instead of failing.
 *
 * A feature with an "other" column (preprocessor.otherColumn) adds it after its
 * indicators: a second OneHotEncoder over the kept categories and '' marks every
 * value that is kept or missing, so 1 − ReduceSum of it is 1 exactly for a
 * value that is neither, rare in training or never seen.
 */
export function preprocessingGraph(preprocessor: Preprocessor): PreprocessingGraph {
  assertPreprocessor(preprocessor);
  const { spec } = preprocessor;
  const inputs: onnx.IValueInfoProto[] = [];
  const initializers: onnx.ITensorProto[] = [];
  const nodes: onnx.INodeProto[] = [];
  const blocks: string[] = [];

  if (spec.numeric.length > 0) {
    inputs.push(
      tensorValueInfo(ONNX_NUMERIC_INPUT_NAME, onnx.TensorProto.DataType.FLOAT, [ONNX_BATCH_DIMENSION, spec.numeric.length]),
    );
    nodes.push(
      {
        name: 'impute_numeric',
        opType: 'Imputer',
        domain: ONNX_ML_DOMAIN,
        input: [ONNX_NUMERIC_INPUT_NAME],
        output: ['imputed_numeric'],
        attribute: [
          floatsAttribute('imputed_value_floats', preprocessor.numericMeans),
          floatAttribute('replaced_value_float', Number.NaN),
        ],
      },
      {
        name: 'standardize_numeric',
        opType: 'Scaler',
        domain: ONNX_ML_DOMAIN,
        input: ['imputed_numeric'],
        output: ['scaled_numeric'],
        attribute: [
          floatsAttribute('offset', preprocessor.numericMeans),
          floatsAttribute('scale', preprocessor.numericScales),
        ],
      },
    );
    blocks.push('scaled_numeric');
  }

  if (spec.categorical.length > 0) {
    inputs.push(
      tensorValueInfo(ONNX_CATEGORICAL_INPUT_NAME, onnx.TensorProto.DataType.STRING, [
        ONNX_BATCH_DIMENSION,
        spec.categorical.length,
      ]),
    );
  }
  if (preprocessor.otherColumn.some(Boolean)) {
    initializers.push(floatScalarInitializer('one', 1), int64sInitializer('category_axis', [1]));
  }
  preprocessor.categories.forEach((categories, j) => {
    // Tensors are named by position: feature names may hold any unicode.
    initializers.push(int64ScalarInitializer(`categorical_index_${j}`, j));
    nodes.push(
      {
        name: `select_categorical_${j}`,
        opType: 'Gather',
        input: [ONNX_CATEGORICAL_INPUT_NAME, `categorical_index_${j}`],
        output: [`categorical_${j}`],
        attribute: [intAttribute('axis', 1)],
      },
      {
        name: `one_hot_categorical_${j}`,
        opType: 'OneHotEncoder',
        domain: ONNX_ML_DOMAIN,
        input: [`categorical_${j}`],
        output: [`one_hot_${j}`],
        attribute: [stringsAttribute('cats_strings', categories), intAttribute('zeros', 1)],
      },
    );
    if (!preprocessor.otherColumn[j]) {
      blocks.push(`one_hot_${j}`);
      return;
    }
    nodes.push(
      {
        name: `kept_or_missing_${j}`,
        opType: 'OneHotEncoder',
        domain: ONNX_ML_DOMAIN,
        input: [`categorical_${j}`],
        output: [`kept_or_missing_indicators_${j}`],
        attribute: [stringsAttribute('cats_strings', [...categories, ONNX_MISSING_CATEGORY]), intAttribute('zeros', 1)],
      },
      {
        name: `recognised_${j}`,
        opType: 'ReduceSum',
        input: [`kept_or_missing_indicators_${j}`, 'category_axis'],
        output: [`recognised_${j}`],
        attribute: [intAttribute('keepdims', 1)],
      },
      { name: `other_${j}`, opType: 'Sub', input: ['one', `recognised_${j}`], output: [`other_${j}`] },
      {
        name: `one_hot_with_other_${j}`,
        opType: 'Concat',
        input: [`one_hot_${j}`, `other_${j}`],
        output: [`one_hot_with_other_${j}`],
        attribute: [intAttribute('axis', 1)],
      },
    );
    blocks.push(`one_hot_with_other_${j}`);
  });

  nodes.push({ name: 'design_matrix', opType: 'Concat', input: blocks, output: [DESIGN_MATRIX], attribute: [intAttribute('axis', 1)] });
  return {
    inputs,
    initializers,
    nodes,
    metadata: {
      [ONNX_NUMERIC_FEATURES_METADATA_KEY]: JSON.stringify(spec.numeric),
      [ONNX_CATEGORICAL_FEATURES_METADATA_KEY]: JSON.stringify(spec.categorical),
    },
    width: designMatrixWidth(preprocessor),
  };
}

function assertPreprocessor({ spec, numericMeans, numericScales, categories, otherColumn }: Preprocessor): void {
  assertFeatureSpec(spec);
  assertFiniteFloat32('numericMeans', numericMeans, spec.numeric.length);
  assertFiniteFloat32('numericScales', numericScales, spec.numeric.length);
  if (categories.length !== spec.categorical.length) {
    throw new RangeError(`categories has ${categories.length} lists for ${spec.categorical.length} categorical features`);
  }
  if (otherColumn.length !== spec.categorical.length) {
    throw new RangeError(`otherColumn has ${otherColumn.length} entries for ${spec.categorical.length} categorical features`);
  }
  categories.forEach((list, j) => {
    const name = JSON.stringify(spec.categorical[j]);
    if (list.length === 0) throw new RangeError(`categories of ${name} is empty`);
    if (new Set(list).size !== list.length) throw new RangeError(`categories of ${name} must be distinct`);
    if (list.includes(ONNX_MISSING_CATEGORY)) throw new RangeError(`categories of ${name} contains '', the missing-value marker`);
  });
}
