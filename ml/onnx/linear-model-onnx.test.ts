import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import type { FeatureColumns } from '../features/feature-spec';
import { onnxInputs } from '../features/onnx-inputs';
import type { Preprocessor } from '../features/preprocessor';
import { seededRandom } from '../random/seeded-random';
import { predictLinearModel } from '../train/predict-linear-model';
import { ONNX_PRODUCER_VERSION, exportLinearClassifier, exportLinearRegressor } from './linear-model-onnx';
import {
  ONNX_CATEGORICAL_FEATURES_METADATA_KEY,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_NUMERIC_FEATURES_METADATA_KEY,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from './model-contract';

// Design matrix: two standardised numerics, then one-hot clay, loam, sand.
const preprocessor: Preprocessor = {
  spec: { numeric: ['sepal length (cm)', 'sepal width (cm)'], categorical: ['soil'] },
  numericMeans: [5.8, 3.1],
  numericScales: [1 / 0.83, 1 / 0.43],
  categories: [['clay', 'loam', 'sand']],
  otherColumn: [false],
};
const width = 5;

/** Raw rows with missing numerics, missing soils and a soil ('peat') the preprocessor never saw. */
function randomColumns(rows: number, seed: number): FeatureColumns {
  const random = seededRandom(seed);
  const soils = ['clay', 'loam', 'sand', 'peat', null];
  const numeric = (mean: number) =>
    Float64Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? Number.NaN : mean + 4 * random() - 2));
  return {
    numericColumns: [numeric(5.8), numeric(3.1)],
    categoricalColumns: [Array.from({ length: rows }, () => soils[Math.floor(random() * soils.length)])],
  };
}

async function run(bytes: Uint8Array, columns: FeatureColumns, rows: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(onnxInputs(preprocessor.spec, columns, Array.from({ length: rows }, (_, i) => i)));
  } finally {
    await session.release();
  }
}

async function assertClassifierMatchesReference(classLabels: string[], coefficients: number[], intercepts: number[]) {
  const rows = 40;
  const columns = randomColumns(rows, 11);
  const model = { preprocessor, classLabels, coefficients, intercepts };
  const outputs = await run(
    exportLinearClassifier({
      ...model,
      coefficients: Float64Array.from(coefficients),
      intercepts: Float64Array.from(intercepts),
      metadata: { dataset: 'iris' },
    }),
    columns,
    rows,
  );
  const expected = predictLinearModel(model, columns, Array.from({ length: rows }, (_, i) => i));

  const classCount = classLabels.length;
  const label = outputs[ONNX_LABEL_OUTPUT_NAME];
  const probabilities = outputs[ONNX_PROBABILITIES_OUTPUT_NAME];
  assert.equal(label.type, 'string');
  assert.deepEqual(label.dims, [rows]);
  assert.equal(probabilities.type, 'float32');
  assert.deepEqual(probabilities.dims, [rows, classCount]);
  const actual = probabilities.data as Float32Array;
  for (let k = 0; k < expected.length; k++) {
    assert.ok(Math.abs(actual[k] - expected[k]) < 1e-5, `probability ${k}: ${actual[k]} vs ${expected[k]}`);
  }
  const expectedLabels = Array.from({ length: rows }, (_, i) => {
    const row = expected.subarray(i * classCount, (i + 1) * classCount);
    return classLabels[row.indexOf(Math.max(...row))];
  });
  assert.deepEqual(label.data, expectedLabels);
  assert.ok(new Set(expectedLabels).size > 1, 'the sample should exercise more than one label');
}

test('a three-class classifier runs in onnxruntime and matches the float64 reference', async () => {
  await assertClassifierMatchesReference(
    ['setosa', 'versicolor', 'virginica'],
    [-1.2, 0.9, 0.5, -0.3, 0.1, 0.3, -0.6, -0.2, 0.8, 0, 0.9, -0.3, 0.4, -0.1, -0.9],
    [0.2, 0.5, -0.7],
  );
});

test('a two-class classifier yields proper softmax probabilities in classLabels order', async () => {
  // Labels deliberately not alphabetical: the columns must follow classLabels, not sorting,
  // and both columns must be probabilities (onnxruntime's one-score binary shortcut is avoided).
  await assertClassifierMatchesReference(['yes', 'no'], [1.5, -0.5, 0.8, -0.6, 0.2, -0.2, 0.4, -1.1, 0.3, 0.1], [0.3, -0.1]);
});

test('a regressor runs in onnxruntime and matches the float64 reference', async () => {
  const rows = 25;
  const columns = randomColumns(rows, 5);
  const model = { preprocessor, classLabels: [], coefficients: [2.5, -1.25, 3, -4, 0.5], intercepts: [12.5] };
  const prediction = (
    await run(
      exportLinearRegressor({ preprocessor, coefficients: Float64Array.from(model.coefficients), intercept: 12.5, metadata: {} }),
      columns,
      rows,
    )
  )[ONNX_PREDICTION_OUTPUT_NAME];
  assert.equal(prediction.type, 'float32');
  assert.deepEqual(prediction.dims, [rows, 1]);
  const expected = predictLinearModel(model, columns, Array.from({ length: rows }, (_, i) => i));
  expected.forEach((value, i) => {
    const actual = (prediction.data as Float32Array)[i];
    assert.ok(Math.abs(actual - value) < 1e-5 * Math.max(1, Math.abs(value)), `row ${i}: ${actual} vs ${value}`);
  });
});

function regressor(metadata: Record<string, string>) {
  return exportLinearRegressor({ preprocessor, coefficients: Float64Array.from([1, 2, 3, 4, 5]), intercept: 4, metadata });
}

test('identical inputs give byte-identical models, whatever the metadata insertion order', () => {
  const classifier = (metadata: Record<string, string>) =>
    exportLinearClassifier({
      preprocessor,
      coefficients: Float64Array.from({ length: 2 * width }, (_, k) => k - 4),
      intercepts: Float64Array.from([0.1, -0.1]),
      classLabels: ['a', 'b'],
      metadata,
    });
  assert.deepEqual(classifier({ dataset: 'd-1', run: 'r-1' }), classifier({ run: 'r-1', dataset: 'd-1' }));
  assert.deepEqual(regressor({ b: '2', a: '1' }), regressor({ a: '1', b: '2' }));
});

test('records opsets, producer, metadata and the input contract in the model', () => {
  const decoded = onnx.ModelProto.decode(regressor({ run: 'r-1', dataset: 'd-1' }));
  assert.equal(Number(decoded.irVersion), 8);
  assert.deepEqual(
    decoded.opsetImport.map((opset) => [opset.domain, Number(opset.version)]),
    [['', 17], ['ai.onnx.ml', 3]],
  );
  assert.equal(decoded.producerName, 'provenant');
  assert.equal(decoded.producerVersion, ONNX_PRODUCER_VERSION);
  assert.deepEqual(
    decoded.metadataProps.map((entry) => [entry.key, entry.value]),
    [
      ['dataset', 'd-1'],
      [ONNX_CATEGORICAL_FEATURES_METADATA_KEY, '["soil"]'],
      [ONNX_NUMERIC_FEATURES_METADATA_KEY, '["sepal length (cm)","sepal width (cm)"]'],
      ['run', 'r-1'],
    ],
  );
  assert.match(decoded.docString, /"sepal length \(cm\)","sepal width \(cm\)".*"soil"/);
  const graph = decoded.graph!;
  assert.deepEqual(
    graph.node!.map((node) => [node.domain, node.opType]),
    [
      ['ai.onnx.ml', 'Imputer'],
      ['ai.onnx.ml', 'Scaler'],
      ['', 'Gather'],
      ['ai.onnx.ml', 'OneHotEncoder'],
      ['', 'Concat'],
      ['ai.onnx.ml', 'LinearRegressor'],
    ],
  );
  const inputs = graph.input!.map((input) => [
    input.name,
    input.type!.tensorType!.elemType,
    input.type!.tensorType!.shape!.dim!.map((dim) => dim.dimParam || Number(dim.dimValue)),
  ]);
  assert.deepEqual(inputs, [
    ['numeric_features', onnx.TensorProto.DataType.FLOAT, ['N', 2]],
    ['categorical_features', onnx.TensorProto.DataType.STRING, ['N', 1]],
  ]);
});

test('rejects inconsistent model parts', () => {
  const base = {
    preprocessor,
    coefficients: Float64Array.from({ length: 2 * width }, () => 1),
    intercepts: Float64Array.from([0.1, -0.1]),
    classLabels: ['a', 'b'],
    metadata: {},
  };
  assert.throws(
    () => exportLinearClassifier({ ...base, coefficients: Float64Array.from([1, 2, 3]) }),
    /coefficients has 3 values, expected 10/,
  );
  assert.throws(() => exportLinearClassifier({ ...base, intercepts: Float64Array.from([0.1]) }), /intercepts has 1 values, expected 2/);
  assert.throws(() => exportLinearClassifier({ ...base, classLabels: ['a', 'a'] }), /distinct/);
  assert.throws(() => exportLinearClassifier({ ...base, classLabels: ['a'] }), /at least 2 labels/);
  assert.throws(
    () => exportLinearClassifier({ ...base, metadata: { [ONNX_NUMERIC_FEATURES_METADATA_KEY]: '[]' } }),
    /metadata key provenant.numeric_features is reserved/,
  );
  const model = { preprocessor, coefficients: Float64Array.from([1, 2, 3, 4, 5]), intercept: 0, metadata: {} };
  // 1e39 is finite in float64 but overflows the float32 attribute.
  assert.throws(
    () => exportLinearRegressor({ ...model, coefficients: Float64Array.from([1, 2, 3, 4, 1e39]) }),
    /coefficients\[4\] is not finite in float32/,
  );
  assert.throws(() => exportLinearRegressor({ ...model, intercept: Number.NaN }), /intercept/);
});
