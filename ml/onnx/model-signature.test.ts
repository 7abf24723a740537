import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import type { Preprocessor } from '../features/preprocessor';
import { exportLinearClassifier, exportLinearRegressor } from './linear-model-onnx';
import {
  ONNX_CATEGORICAL_INPUT_NAME,
  ONNX_NUMERIC_FEATURES_METADATA_KEY,
  ONNX_NUMERIC_INPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
} from './model-contract';
import { modelSignatureProblem } from './model-signature';
import {
  ONNX_ML_DOMAIN,
  encodeModel,
  floatsAttribute,
  intAttribute,
  stringsAttribute,
  tensorValueInfo,
} from './onnx-builders';

const { FLOAT, INT64, STRING } = onnx.TensorProto.DataType;

const preprocessor: Preprocessor = {
  spec: { numeric: ['sepal length (cm)', 'sepal width (cm)'], categorical: ['soil'] },
  numericMeans: [5.8, 3.1],
  numericScales: [1.2, 2.3],
  categories: [['clay', 'loam']],
  otherColumn: [false],
};
const { spec } = preprocessor;

/** Our own exporters' models: the contract with the feature lists in metadata_props. */
const classifier = exportLinearClassifier({
  preprocessor,
  classLabels: ['setosa', 'versicolor'],
  coefficients: Float64Array.from({ length: 8 }, (_, i) => i / 10),
  intercepts: Float64Array.from([0.1, -0.1]),
  metadata: {},
});
const regressor = exportLinearRegressor({
  preprocessor,
  coefficients: Float64Array.from({ length: 4 }, (_, i) => i / 10),
  intercept: 1,
  metadata: {},
});

function withMetadata(bytes: Uint8Array, metadata: Record<string, string>): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  model.metadataProps = Object.entries(metadata).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }));
  return onnx.ModelProto.encode(model).finish();
}

interface LinearGraph {
  inputName?: string;
  /** A string input is cast to float before the regressor. */
  inputType?: onnx.TensorProto.DataType;
  inputDims?: (number | string)[];
  predictionDims?: (number | string)[];
  /** Flattens the prediction to [N] at run time, whatever the declared shape. */
  flattenPrediction?: boolean;
}

/**
 * A regressor made "elsewhere": numeric input → LinearRegressor → prediction, with no
 * metadata_props, and whichever name or shape a test needs to get wrong.
 */
function foreignRegressor({
  inputName = ONNX_NUMERIC_INPUT_NAME,
  inputType = FLOAT,
  inputDims = ['batch', 2],
  predictionDims = ['batch', 1],
  flattenPrediction = false,
}: LinearGraph): Uint8Array {
  const linearInput = inputType === STRING ? 'parsed' : inputName;
  const linearOutput = flattenPrediction ? 'linear' : ONNX_PREDICTION_OUTPUT_NAME;
  const nodes: onnx.INodeProto[] = [];
  if (inputType === STRING) nodes.push({ opType: 'Cast', input: [inputName], output: [linearInput], attribute: [intAttribute('to', FLOAT)] });
  nodes.push({
    opType: 'LinearRegressor',
    domain: ONNX_ML_DOMAIN,
    input: [linearInput],
    output: [linearOutput],
    attribute: [floatsAttribute('coefficients', [0.5, -0.25]), floatsAttribute('intercepts', [2]), intAttribute('targets', 1)],
  });
  const initializer: onnx.ITensorProto[] = [];
  if (flattenPrediction) {
    initializer.push({ name: 'flat', dataType: INT64, dims: [1], int64Data: [-1] });
    nodes.push({ opType: 'Reshape', input: [linearOutput, 'flat'], output: [ONNX_PREDICTION_OUTPUT_NAME] });
  }
  return foreignModel({
    name: 'foreign',
    node: nodes,
    initializer,
    input: [tensorValueInfo(inputName, inputType, inputDims)],
    output: [tensorValueInfo(ONNX_PREDICTION_OUTPUT_NAME, FLOAT, predictionDims)],
  });
}

/** A model from another producer: no metadata_props. */
function foreignModel(graph: onnx.IGraphProto): Uint8Array {
  return encodeModel({ graph, docString: '', producerName: 'elsewhere', producerVersion: '1', metadata: {} });
}

/** A classifier trained on class codes, as scikit-learn converts one with integer targets. */
function integerLabelClassifier(): Uint8Array {
  return foreignModel({
    name: 'integer_labels',
    node: [
      {
        opType: 'LinearClassifier',
        domain: ONNX_ML_DOMAIN,
        input: [ONNX_NUMERIC_INPUT_NAME],
        output: ['label', 'probabilities'],
        attribute: [
          floatsAttribute('coefficients', [1, 0, 0, 1]),
          floatsAttribute('intercepts', [0, 0]),
          { name: 'classlabels_ints', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 1] },
          intAttribute('multi_class', 1),
        ],
      },
    ],
    input: [tensorValueInfo(ONNX_NUMERIC_INPUT_NAME, FLOAT, ['N', 2])],
    output: [tensorValueInfo('label', INT64, ['N']), tensorValueInfo('probabilities', FLOAT, ['N', 2])],
  });
}

/** One-hot encodes `soil` without a column for unknown categories, so '' (missing) makes it fail. */
function strictCategoryRegressor(): Uint8Array {
  return foreignModel({
    name: 'strict_categories',
    node: [
      {
        opType: 'OneHotEncoder',
        domain: ONNX_ML_DOMAIN,
        input: [ONNX_CATEGORICAL_INPUT_NAME],
        output: ['one_hot'],
        attribute: [stringsAttribute('cats_strings', ['clay', 'loam']), intAttribute('zeros', 0)],
      },
      { opType: 'Flatten', input: ['one_hot'], output: ['flat'], attribute: [intAttribute('axis', 1)] },
      {
        opType: 'LinearRegressor',
        domain: ONNX_ML_DOMAIN,
        input: ['flat'],
        output: [ONNX_PREDICTION_OUTPUT_NAME],
        attribute: [floatsAttribute('coefficients', [1, 2]), intAttribute('targets', 1)],
      },
    ],
    input: [tensorValueInfo(ONNX_CATEGORICAL_INPUT_NAME, STRING, ['N', 1])],
    output: [tensorValueInfo(ONNX_PREDICTION_OUTPUT_NAME, FLOAT, ['N', 1])],
  });
}

const twoNumerics = { numeric: ['a', 'b'], categorical: [] };

describe('modelSignatureProblem', () => {
  test('accepts our exported models, metadata required or not', async () => {
    for (const requireFeatureMetadata of [false, true]) {
      assert.equal(await modelSignatureProblem(classifier, { task: 'CLASSIFICATION', spec, requireFeatureMetadata }), null);
      assert.equal(await modelSignatureProblem(regressor, { task: 'REGRESSION', spec, requireFeatureMetadata }), null);
    }
  });

  test('accepts a model without metadata_props when the shapes fit, unless the metadata is required', async () => {
    const bare = withMetadata(classifier, {});
    assert.equal(await modelSignatureProblem(bare, { task: 'CLASSIFICATION', spec }), null);
    assert.equal(await modelSignatureProblem(foreignRegressor({}), { task: 'REGRESSION', spec: twoNumerics }), null);
    assert.equal(
      await modelSignatureProblem(bare, { task: 'CLASSIFICATION', spec, requireFeatureMetadata: true }),
      `metadata_props["${ONNX_NUMERIC_FEATURES_METADATA_KEY}"] must be ${JSON.stringify(JSON.stringify(spec.numeric))} (it is null)`,
    );
  });

  test('refuses metadata listing other features or another order', async () => {
    const swapped = JSON.stringify([...spec.numeric].reverse());
    const model = withMetadata(classifier, { [ONNX_NUMERIC_FEATURES_METADATA_KEY]: swapped });
    assert.equal(
      await modelSignatureProblem(model, { task: 'CLASSIFICATION', spec }),
      `metadata_props["${ONNX_NUMERIC_FEATURES_METADATA_KEY}"] must be ${JSON.stringify(JSON.stringify(spec.numeric))} (it is ${JSON.stringify(swapped)})`,
    );
    const spaced = withMetadata(classifier, { [ONNX_NUMERIC_FEATURES_METADATA_KEY]: JSON.stringify(spec.numeric, null, 1) });
    assert.equal(await modelSignatureProblem(spaced, { task: 'CLASSIFICATION', spec }), null, 'the list matters, not its spelling');
  });

  test('names an input whose width differs from the declared features', async () => {
    const declared = { numeric: ['a', 'b', 'c'], categorical: [] };
    assert.equal(
      await modelSignatureProblem(foreignRegressor({}), { task: 'REGRESSION', spec: declared }),
      'input numeric_features has width 2, the declared numeric features are 3: ["a","b","c"]',
    );
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ inputDims: ['batch', 'k'] }), { task: 'REGRESSION', spec: twoNumerics }),
      'input numeric_features has width k, the declared numeric features are 2: ["a","b"]',
    );
  });

  test('refuses inputs the declared features do not call for, or lack those they do', async () => {
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ inputName: 'X' }), { task: 'REGRESSION', spec: twoNumerics }),
      'it takes the input "X", which the contract does not define (inputs are named ["numeric_features","categorical_features"])',
    );
    assert.equal(
      await modelSignatureProblem(regressor, { task: 'REGRESSION', spec: { numeric: spec.numeric, categorical: [] } }),
      `it takes the input ${ONNX_CATEGORICAL_INPUT_NAME}, but no categorical features are declared`,
    );
    assert.equal(
      await modelSignatureProblem(foreignRegressor({}), { task: 'REGRESSION', spec: { numeric: ['a', 'b'], categorical: ['soil'] } }),
      'it lacks the input categorical_features; the declared categorical features are 1: ["soil"]',
    );
  });

  test('refuses a fixed batch size and a wrongly typed input', async () => {
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ inputDims: [1, 2] }), { task: 'REGRESSION', spec: twoNumerics }),
      'input numeric_features must have the shape [N, 2] with N the batch size; it is float32 [1, 2]',
    );
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ inputType: STRING }), { task: 'REGRESSION', spec: twoNumerics }),
      'input numeric_features must be a float32 tensor; it is string [batch, 2]',
    );
  });

  test('checks the outputs the task calls for', async () => {
    assert.equal(
      await modelSignatureProblem(classifier, { task: 'REGRESSION', spec }),
      'it lacks the output(s) ["prediction"] of a regressor (it has ["label","probabilities"])',
    );
    assert.equal(
      await modelSignatureProblem(regressor, { task: 'CLASSIFICATION', spec }),
      'it lacks the output(s) ["label","probabilities"] of a classifier (it has ["prediction"])',
    );
    assert.equal(
      await modelSignatureProblem(integerLabelClassifier(), { task: 'CLASSIFICATION', spec: twoNumerics }),
      'output label must be a string tensor; it is int64 [N]',
    );
  });

  test('scores a row of missing values and checks the shapes it gives', async () => {
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ predictionDims: ['batch'], flattenPrediction: true }), { task: 'REGRESSION', spec: twoNumerics }),
      'output prediction has the shape [1] for one row; the contract needs [1, 1]',
    );
    assert.match(
      (await modelSignatureProblem(strictCategoryRegressor(), { task: 'REGRESSION', spec: { numeric: [], categorical: ['soil'] } })) ?? '',
      /^it fails to score a row with every feature missing \(NaN, ''\), as serving may send: /,
    );
  });

  test('says when the bytes are no ONNX model', async () => {
    const problem = await modelSignatureProblem(new TextEncoder().encode('not a model'), { task: 'REGRESSION', spec: twoNumerics });
    assert.match(problem ?? '', /^it is not a valid ONNX model onnxruntime can load: /);
  });
});
