import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import {
  ONNX_INPUT_NAME,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
  ONNX_PRODUCER_VERSION,
  exportLinearClassifier,
  exportLinearRegressor,
} from './linear-model-onnx';
import { seededRandom } from '../random/seeded-random';
import { softmaxInPlace } from '../train/softmax';
import { standardize, type Standardizer } from '../train/standardizer';

const featureNames = ['sepal_length', 'sepal_width', 'petal_length'];
const standardizer: Standardizer = {
  mean: Float64Array.from([5.8, 3.1, 3.7]),
  scale: Float64Array.from([1 / 0.83, 1 / 0.43, 1 / 1.76]),
};

function randomRows(rows: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: rows * featureNames.length }, (_, k) => standardizer.mean[k % 3] + 4 * random() - 2);
}

/** Reference prediction in float64: standardise, linear scores, softmax. */
function expectedProbabilities(x: Float64Array, rows: number, coefficients: Float64Array, intercepts: Float64Array) {
  const cols = featureNames.length;
  const classCount = intercepts.length;
  const z = standardize(x, rows, cols, standardizer);
  const probabilities = new Float64Array(rows * classCount);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < classCount; c++) {
      let score = intercepts[c];
      for (let j = 0; j < cols; j++) score += coefficients[c * cols + j] * z[i * cols + j];
      probabilities[i * classCount + c] = score;
    }
    softmaxInPlace(probabilities, i * classCount, classCount);
  }
  return probabilities;
}

async function runClassifier(bytes: Uint8Array, x: Float64Array, rows: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input = new ort.Tensor('float32', Float32Array.from(x), [rows, featureNames.length]);
    const outputs = await session.run({ [ONNX_INPUT_NAME]: input });
    const label = outputs[ONNX_LABEL_OUTPUT_NAME];
    const probabilities = outputs[ONNX_PROBABILITIES_OUTPUT_NAME];
    assert.equal(label.type, 'string');
    assert.deepEqual(label.dims, [rows]);
    assert.equal(probabilities.type, 'float32');
    return { labels: label.data as string[], probabilities: probabilities.data as Float32Array, dims: probabilities.dims };
  } finally {
    await session.release();
  }
}

async function assertClassifierMatchesReference(classLabels: string[], coefficients: number[], intercepts: number[]) {
  const rows = 40;
  const x = randomRows(rows, 11);
  const model = {
    featureNames,
    standardizer,
    coefficients: Float64Array.from(coefficients),
    intercepts: Float64Array.from(intercepts),
    classLabels,
    metadata: { dataset: 'iris' },
  };
  const actual = await runClassifier(exportLinearClassifier(model), x, rows);
  const expected = expectedProbabilities(x, rows, model.coefficients, model.intercepts);

  const classCount = classLabels.length;
  assert.deepEqual(actual.dims, [rows, classCount]);
  for (let k = 0; k < expected.length; k++) {
    const difference = Math.abs(actual.probabilities[k] - expected[k]);
    assert.ok(difference < 1e-5, `probability ${k}: ${actual.probabilities[k]} vs ${expected[k]}`);
  }
  const expectedLabels = Array.from({ length: rows }, (_, i) => {
    const row = expected.subarray(i * classCount, (i + 1) * classCount);
    return classLabels[row.indexOf(Math.max(...row))];
  });
  assert.deepEqual(actual.labels, expectedLabels);
  assert.ok(new Set(actual.labels).size > 1, 'the sample should exercise more than one label');
}

test('a three-class classifier runs in onnxruntime and matches the reference softmax', async () => {
  await assertClassifierMatchesReference(
    ['setosa', 'versicolor', 'virginica'],
    [-1.2, 0.9, -2.0, 0.3, -0.6, 0.4, 0.9, -0.3, 1.6],
    [0.2, 0.5, -0.7],
  );
});

test('a two-class classifier yields proper softmax probabilities in classLabels order', async () => {
  // Labels deliberately not alphabetical: the columns must follow classLabels, not sorting,
  // and both columns must be probabilities (onnxruntime's one-score binary shortcut is avoided).
  await assertClassifierMatchesReference(['yes', 'no'], [1.5, -0.5, 0.8, -0.2, 0.4, -1.1], [0.3, -0.1]);
});

test('a two-class model whose weights are not mirror images still matches', async () => {
  await assertClassifierMatchesReference(['0', '1'], [0.7, 0.1, -0.4, 0.2, 0.2, 0.9], [0, 0.4]);
});

test('a regressor runs in onnxruntime and matches the reference prediction', async () => {
  const rows = 25;
  const x = randomRows(rows, 5);
  const coefficients = Float64Array.from([2.5, -1.25, 0.75]);
  const intercept = 12.5;
  const bytes = exportLinearRegressor({ featureNames, standardizer, coefficients, intercept, metadata: {} });

  const session = await ort.InferenceSession.create(bytes);
  try {
    const input = new ort.Tensor('float32', Float32Array.from(x), [rows, 3]);
    const prediction = (await session.run({ [ONNX_INPUT_NAME]: input }))[ONNX_PREDICTION_OUTPUT_NAME];
    assert.equal(prediction.type, 'float32');
    assert.deepEqual(prediction.dims, [rows, 1]);
    const z = standardize(x, rows, 3, standardizer);
    for (let i = 0; i < rows; i++) {
      let expected = intercept;
      for (let j = 0; j < 3; j++) expected += coefficients[j] * z[3 * i + j];
      const actual = (prediction.data as Float32Array)[i];
      const tolerance = 1e-5 * Math.max(1, Math.abs(expected));
      assert.ok(Math.abs(actual - expected) < tolerance, `row ${i}: ${actual} vs ${expected}`);
    }
  } finally {
    await session.release();
  }
});

test('identical inputs give byte-identical models, whatever the metadata insertion order', () => {
  const model = (metadata: Record<string, string>) =>
    exportLinearClassifier({
      featureNames,
      standardizer,
      coefficients: Float64Array.from([1, 2, 3, -1, -2, -3]),
      intercepts: Float64Array.from([0.1, -0.1]),
      classLabels: ['a', 'b'],
      metadata,
    });
  const first = model({ run: 'r-1', dataset: 'd-1' });
  assert.deepEqual(model({ dataset: 'd-1', run: 'r-1' }), first);

  const regressor = () =>
    exportLinearRegressor({
      featureNames,
      standardizer,
      coefficients: Float64Array.from([1, 2, 3]),
      intercept: 4,
      metadata: { b: '2', a: '1' },
    });
  assert.deepEqual(regressor(), regressor());
});

test('records opsets, producer, metadata and the feature contract in the model', () => {
  const decoded = onnx.ModelProto.decode(
    exportLinearRegressor({
      featureNames,
      standardizer,
      coefficients: Float64Array.from([1, 2, 3]),
      intercept: 4,
      metadata: { run: 'r-1', dataset: 'd-1' },
    }),
  );
  assert.equal(Number(decoded.irVersion), 8);
  assert.deepEqual(
    decoded.opsetImport.map((opset) => [opset.domain, Number(opset.version)]),
    [['', 17], ['ai.onnx.ml', 3]],
  );
  assert.equal(decoded.producerName, 'provenant');
  assert.equal(decoded.producerVersion, ONNX_PRODUCER_VERSION);
  assert.deepEqual(
    decoded.metadataProps.map((entry) => [entry.key, entry.value]),
    [['dataset', 'd-1'], ['run', 'r-1']],
  );
  assert.match(decoded.docString, /sepal_length, sepal_width, petal_length/);
  const graph = decoded.graph!;
  assert.deepEqual(
    graph.node!.map((node) => [node.domain, node.opType]),
    [['ai.onnx.ml', 'Scaler'], ['ai.onnx.ml', 'LinearRegressor']],
  );
  const dims = graph.input![0].type!.tensorType!.shape!.dim!;
  assert.equal(graph.input![0].name, 'features');
  assert.equal(dims[0].dimParam, 'N');
  assert.equal(Number(dims[1].dimValue), 3);
});

test('rejects inconsistent model parts', () => {
  const base = {
    featureNames,
    standardizer,
    coefficients: Float64Array.from([1, 2, 3, -1, -2, -3]),
    intercepts: Float64Array.from([0.1, -0.1]),
    classLabels: ['a', 'b'],
    metadata: {},
  };
  assert.throws(
    () => exportLinearClassifier({ ...base, coefficients: Float64Array.from([1, 2, 3]) }),
    /coefficients has 3 values, expected 6/,
  );
  assert.throws(
    () => exportLinearClassifier({ ...base, intercepts: Float64Array.from([0.1]) }),
    /intercepts has 1 values, expected 2/,
  );
  assert.throws(() => exportLinearClassifier({ ...base, classLabels: ['a', 'a'] }), /distinct/);
  assert.throws(() => exportLinearClassifier({ ...base, featureNames: ['x'] }), /standardizer.mean/);
  const regressor = { featureNames, standardizer, coefficients: Float64Array.from([1, 2, 3]), intercept: 0, metadata: {} };
  // 1e39 is finite in float64 but overflows the float32 attribute.
  assert.throws(
    () => exportLinearRegressor({ ...regressor, coefficients: Float64Array.from([1, 2, 1e39]) }),
    /coefficients\[2\] is not finite in float32/,
  );
  assert.throws(() => exportLinearRegressor({ ...regressor, intercept: Number.NaN }), /intercept/);
});
