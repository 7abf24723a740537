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
import { inferModelSignature, modelSignatureProblem } from './model-signature';
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
      'input "numeric_features" has width 2, but it takes the 3 features ["a","b","c"]; it must have the shape [N, 3]',
    );
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ inputDims: ['batch', 'k'] }), { task: 'REGRESSION', spec: twoNumerics }),
      'input "numeric_features" has width k, but it takes the 2 features ["a","b"]; it must have the shape [N, 2]',
    );
  });

  test('refuses inputs the declared features do not call for, or lack those they do', async () => {
    assert.equal(
      await modelSignatureProblem(regressor, { task: 'REGRESSION', spec: { numeric: spec.numeric, categorical: [] } }),
      `it takes the input ${ONNX_CATEGORICAL_INPUT_NAME}, but no categorical features are declared`,
    );
    assert.equal(
      await modelSignatureProblem(foreignRegressor({}), { task: 'REGRESSION', spec: { numeric: ['a', 'b'], categorical: ['soil'] } }),
      'no input of the model takes the declared feature(s) ["soil"] (its inputs are ["numeric_features"])',
    );
  });

  test('refuses a fixed batch size and a wrongly typed input', async () => {
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ inputDims: [1, 2] }), { task: 'REGRESSION', spec: twoNumerics }),
      'input "numeric_features" must have the shape [N, 2] with N the batch size; it is float32 [1, 2]',
    );
    assert.equal(
      await modelSignatureProblem(foreignRegressor({ inputType: STRING }), { task: 'REGRESSION', spec: twoNumerics }),
      'input "numeric_features" is a string tensor, but it would take "a", a number column (numeric); a string input takes categorical features',
    );
  });

  test('checks the outputs the task calls for', async () => {
    assert.equal(
      await modelSignatureProblem(classifier, { task: 'REGRESSION', spec }),
      'output "probabilities" has the shape [1, 2] for one row; it must be [1, 1] or [1]',
    );
    assert.equal(
      await modelSignatureProblem(regressor, { task: 'CLASSIFICATION', spec }),
      'it has no label output of a classifier: a string or int64 tensor [N]; its outputs are "prediction" (float32 [N, 1])',
    );
    assert.equal(await modelSignatureProblem(integerLabelClassifier(), { task: 'CLASSIFICATION', spec: twoNumerics }), null, 'class codes are labels too');
    assert.equal(
      await modelSignatureProblem(integerLabelClassifier(), { task: 'CLASSIFICATION', spec: twoNumerics, outputMapping: { probabilities: 'label' } }),
      'output "label" must be a float tensor [N, C] or a ZipMap of class probabilities; it is int64 [N]',
    );
    assert.equal(
      await modelSignatureProblem(integerLabelClassifier(), { task: 'CLASSIFICATION', spec: twoNumerics, classLabels: ['a', 'b', 'c'] }),
      'output "probabilities" gives 2 probability columns, but the model has 3 class labels ["a","b","c"]',
    );
  });

  test('scores a row of missing values and checks the shapes it gives', async () => {
    assert.equal(await modelSignatureProblem(foreignRegressor({ predictionDims: ['batch'], flattenPrediction: true }), { task: 'REGRESSION', spec: twoNumerics }), null, '[N] is a prediction too');
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

describe('inferModelSignature', () => {
  test('a single [N, k] input under any name takes the declared features in the order given', async () => {
    const inferred = await inferModelSignature(foreignRegressor({ inputName: 'X' }), { task: 'REGRESSION', spec: twoNumerics, features: ['b', 'a'] });
    assert.deepEqual(inferred, {
      signature: { inputs: [{ name: 'X', type: 'float32', features: ['b', 'a'] }], outputs: { kind: 'REGRESSOR', prediction: 'prediction' } },
      classLabels: [],
    });
    assert.deepEqual(
      await inferModelSignature(foreignRegressor({ inputName: 'X' }), { task: 'REGRESSION', spec: twoNumerics, inputMapping: [{ input: 'x', features: ['a', 'b'] }] }),
      { problem: 'names the input "x", which the model lacks (its inputs are ["X"])', field: 'inputMapping' },
    );
    assert.deepEqual(
      await inferModelSignature(foreignRegressor({ inputName: 'X' }), { task: 'REGRESSION', spec: twoNumerics, inputMapping: [{ input: 'X', features: ['a', 'c'] }] }),
      { problem: 'maps input "X" to "c", which is not among the declared features ["a","b"]', field: 'inputMapping' },
    );
  });

  test('per-column inputs match their column by exact name or as converters spell it, and ambiguity is refused', async () => {
    const columns = { numeric: ['Beak Length (mm)', 'depth'], categorical: [] };
    const model = perColumnRegressor(['Beak_Length__mm_', 'depth']);
    const inferred = await inferModelSignature(model, { task: 'REGRESSION', spec: columns });
    assert.deepEqual(inferred.signature?.inputs, [
      { name: 'Beak_Length__mm_', type: 'float32', features: ['Beak Length (mm)'] },
      { name: 'depth', type: 'float32', features: ['depth'] },
    ]);
    assert.deepEqual(await inferModelSignature(model, { task: 'REGRESSION', spec: { numeric: ['Beak Length (mm)', 'Beak.Length.(mm)', 'depth'], categorical: [] } }), {
      problem: 'input "Beak_Length__mm_" could be any of the features ["Beak Length (mm)","Beak.Length.(mm)"] (a converter names them all alike); give inputMapping',
      field: 'artifact',
    });
    assert.deepEqual(await inferModelSignature(perColumnRegressor(['p', 'q']), { task: 'REGRESSION', spec: columns }), {
      problem:
        'its input(s) "p" (float32 [N, 1]), "q" (float32 [N, 1]) match no declared feature by name (exactly or as a converter spells it: ["Beak_Length__mm_","depth"]) and no features are left for them; give inputMapping',
      field: 'artifact',
    });
    const mapped = await inferModelSignature(perColumnRegressor(['p', 'q']), {
      task: 'REGRESSION',
      spec: columns,
      inputMapping: [{ input: 'p', features: ['depth'] }],
    });
    assert.deepEqual(mapped.signature?.inputs.map((input) => [input.name, input.features]), [['p', ['depth']], ['q', ['Beak Length (mm)']]]);
  });
});

/** One float input [N, 1] per name, concatenated into a linear regressor. */
function perColumnRegressor(names: string[]): Uint8Array {
  return foreignModel({
    name: 'per_column',
    node: [
      { opType: 'Concat', input: names, output: ['joined'], attribute: [intAttribute('axis', 1)] },
      {
        opType: 'LinearRegressor',
        domain: ONNX_ML_DOMAIN,
        input: ['joined'],
        output: ['variable'],
        attribute: [floatsAttribute('coefficients', names.map(() => 1)), intAttribute('targets', 1)],
      },
    ],
    input: names.map((name) => tensorValueInfo(name, FLOAT, ['N', 1])),
    output: [tensorValueInfo('variable', FLOAT, ['N', 1])],
  });
}
