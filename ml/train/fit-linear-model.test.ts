import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { fitLinearModel, hyperparameterDefaults, type LinearModelInput } from './fit-linear-model';
import {
  ONNX_INPUT_NAME,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from '../onnx/linear-model-onnx';
import { seededRandom } from '../random/seeded-random';

async function runModel(bytes: Uint8Array, features: Float64Array[], rows: number[]) {
  const cols = features.length;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((row, i) => features.forEach((column, j) => (data[i * cols + j] = column[row])));
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', data, [rows.length, cols]) });
  } finally {
    await session.release();
  }
}

/** Three clusters on raw, unstandardised scales: the ONNX Scaler must reproduce training-time scaling. */
function clusteredClassification(): LinearModelInput {
  const random = seededRandom(21);
  const centres: Record<string, [number, number]> = { setosa: [1000, 0.01], versicolor: [1100, 0.03], virginica: [1050, 0.06] };
  const target: string[] = [];
  const width: number[] = [];
  const ratio: number[] = [];
  for (let i = 0; i < 60; i++) {
    const label = Object.keys(centres)[i % 3];
    target.push(label);
    width.push(centres[label][0] + (random() - 0.5) * 20);
    ratio.push(centres[label][1] + (random() - 0.5) * 0.005);
  }
  return {
    task: 'CLASSIFICATION',
    featureNames: ['width', 'ratio'],
    features: [Float64Array.from(width), Float64Array.from(ratio)],
    target,
    trainRows: Uint32Array.from({ length: 45 }, (_, i) => i),
    hyperparameters: {},
    metadata: { run: 'test' },
  };
}

test('classification: sorted labels, and the ONNX model classifies unseen rows correctly', async () => {
  const input = clusteredClassification();
  const result = fitLinearModel(input);
  assert.deepEqual(result.classLabels, ['setosa', 'versicolor', 'virginica']);
  assert.equal(result.trainRowCount, 45);
  assert.ok(result.iterations > 0 && result.iterations <= hyperparameterDefaults('CLASSIFICATION').maxIterations);

  const allRows = Array.from({ length: 60 }, (_, i) => i);
  const outputs = await runModel(result.onnx, input.features, allRows);
  assert.deepEqual(outputs[ONNX_LABEL_OUTPUT_NAME].data, input.target);
  const probabilities = outputs[ONNX_PROBABILITIES_OUTPUT_NAME];
  assert.deepEqual(probabilities.dims, [60, 3]);
  for (let i = 0; i < 60; i++) {
    const row = (probabilities.data as Float32Array).subarray(3 * i, 3 * i + 3);
    assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-5);
  }
});

test('binary classification puts each class probability in its own sorted column', async () => {
  const x = Float64Array.from([-3, -2, -1.5, -1, 1, 1.5, 2, 3]);
  const target = [7, 7, 7, 7, 10, 10, 10, 10];
  const result = fitLinearModel({
    task: 'CLASSIFICATION',
    featureNames: ['x'],
    features: [x],
    target,
    trainRows: Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
    hyperparameters: { maxIterations: 2000 },
    metadata: {},
  });
  // String sort: '10' before '7'.
  assert.deepEqual(result.classLabels, ['10', '7']);
  const outputs = await runModel(result.onnx, [x], [0, 7]);
  assert.deepEqual(outputs[ONNX_LABEL_OUTPUT_NAME].data, ['7', '10']);
  const [p10AtMinus3, p7AtMinus3, p10AtPlus3, p7AtPlus3] = outputs[ONNX_PROBABILITIES_OUTPUT_NAME].data as Float32Array;
  assert.ok(p7AtMinus3 > 0.9 && p10AtPlus3 > 0.9);
  assert.ok(Math.abs(p10AtMinus3 + p7AtMinus3 - 1) < 1e-6 && Math.abs(p10AtPlus3 + p7AtPlus3 - 1) < 1e-6);
});

test('regression recovers y = 3·x1 − 2·x2 + 5 through the ONNX model', async () => {
  const random = seededRandom(9);
  const rows = 40;
  const x1 = Float64Array.from({ length: rows }, () => random() * 100 - 50);
  const x2 = Float64Array.from({ length: rows }, () => random() * 0.1);
  const target = Array.from({ length: rows }, (_, i) => 3 * x1[i] - 2 * x2[i] + 5);
  const result = fitLinearModel({
    task: 'REGRESSION',
    featureNames: ['x1', 'x2'],
    features: [x1, x2],
    target: target.map((value, i) => (i % 2 === 0 ? String(value) : value)),
    trainRows: Uint32Array.from({ length: 30 }, (_, i) => i),
    hyperparameters: { l2: 0 },
    metadata: {},
  });
  assert.deepEqual(result.classLabels, []);
  assert.equal(result.iterations, 0);
  assert.equal(result.trainRowCount, 30);

  const testRows = Array.from({ length: 10 }, (_, i) => 30 + i);
  const prediction = (await runModel(result.onnx, [x1, x2], testRows))[ONNX_PREDICTION_OUTPUT_NAME];
  assert.deepEqual(prediction.dims, [10, 1]);
  testRows.forEach((row, i) => {
    const actual = (prediction.data as Float32Array)[i];
    const tolerance = 1e-4 * Math.max(1, Math.abs(target[row]));
    assert.ok(Math.abs(actual - target[row]) < tolerance, `row ${row}: ${actual} vs ${target[row]}`);
  });
});

test('uses only the training rows', () => {
  const input = clusteredClassification();
  const width = Float64Array.from(input.features[0]);
  width[59] = Number.NaN;
  const target = [...input.target];
  target[58] = 'unseen';
  const result = fitLinearModel({ ...input, features: [width, input.features[1]], target });
  assert.deepEqual(result.classLabels, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(result.onnx, fitLinearModel(input).onnx);
});

test('identical inputs give byte-identical ONNX', () => {
  assert.deepEqual(fitLinearModel(clusteredClassification()).onnx, fitLinearModel(clusteredClassification()).onnx);
});

test('a single training class is rejected with a message naming target', () => {
  const input = clusteredClassification();
  assert.throws(
    () => fitLinearModel({ ...input, trainRows: Uint32Array.from([0, 3, 6]) }),
    /^Error: target has 1 distinct value\(s\) in the training rows \(setosa\)/,
  );
});

test('invalid hyperparameters are rejected with the hyperparameter named', () => {
  const input = clusteredClassification();
  assert.throws(
    () => fitLinearModel({ ...input, hyperparameters: { learningRate: -1 } }),
    new RangeError('hyperparameters.learningRate must be a positive number (got -1)'),
  );
  assert.throws(
    () => fitLinearModel({ ...input, task: 'REGRESSION', hyperparameters: { maxIterations: 1e6 } }),
    new RangeError('hyperparameters.maxIterations must be an integer from 1 to 100000 (got 1000000)'),
  );
});

test('divergent gradient descent is reported instead of exporting a broken model', () => {
  assert.throws(
    () => fitLinearModel({ ...clusteredClassification(), hyperparameters: { learningRate: 1e308 } }),
    /diverged; lower hyperparameters.learningRate/,
  );
});

test('bad data is rejected with the column or row named', () => {
  const input = clusteredClassification();
  const width = Float64Array.from(input.features[0]);
  width[3] = Number.POSITIVE_INFINITY;
  assert.throws(
    () => fitLinearModel({ ...input, features: [width, input.features[1]] }),
    /feature width has a non-finite value \(Infinity\) at row 3/,
  );
  assert.throws(() => fitLinearModel({ ...input, features: [input.features[0]] }), /features has 1 columns for 2 featureNames/);
  assert.throws(() => fitLinearModel({ ...input, featureNames: ['a', 'a'] }), /distinct/);
  assert.throws(() => fitLinearModel({ ...input, trainRows: Uint32Array.from([0, 60]) }), /trainRows contains 60/);
  assert.throws(() => fitLinearModel({ ...input, trainRows: Uint32Array.from([0]) }), /at least 2 rows/);
  const withEmptyTarget = input.target.map((label, i) => (i === 4 ? '' : label));
  assert.throws(() => fitLinearModel({ ...input, target: withEmptyTarget }), /target is empty at row 4/);
  assert.throws(
    () => fitLinearModel({ ...input, task: 'REGRESSION' }),
    /target must be a finite number for regression \(got "setosa" at row 0\)/,
  );
});
