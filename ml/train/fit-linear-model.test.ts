import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import type { FeatureColumns, FeatureSpec } from '../features/feature-spec';
import { onnxInputs } from '../features/onnx-inputs';
import { r2 } from '../metrics/regression-metrics';
import {
  ONNX_CATEGORICAL_FEATURES_METADATA_KEY,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_NUMERIC_FEATURES_METADATA_KEY,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from '../onnx/model-contract';
import { seededRandom } from '../random/seeded-random';
import { stratifiedTrainTestSplit } from '../split/stratified-split';
import { trainTestSplit } from '../split/train-test-split';
import { fitLinearModel, hyperparameterDefaults, type LinearModelInput, type LinearModelResult } from './fit-linear-model';
import { predictLinearModel } from './predict-linear-model';

type Penguin = Record<string, string | number | null>;

/** Palmer penguins (sample-data/README.md): nulls in the measurements and in Sex, which also has one '.'. */
const penguins: Penguin[] = readFileSync(path.join(__dirname, '../../../sample-data/penguins.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

/** Scored but never trained on: an island no training row has, and a penguin with every value missing. */
const unseenIsland: Penguin = {
  Species: 'Adelie',
  Island: 'Anvers',
  'Beak Length (mm)': 39.8,
  'Beak Depth (mm)': 18.9,
  'Flipper Length (mm)': 188,
  'Body Mass (g)': 3700,
  Sex: 'FEMALE',
};
const allMissing: Penguin = Object.fromEntries(Object.keys(unseenIsland).map((key) => [key, null]));
const records: Penguin[] = [...penguins, unseenIsland, allMissing].map((record) => ({
  ...record,
  // Boolean columns, as the tabular reader yields them: 0/1, NaN when missing.
  'Is male?': record.Sex === 'MALE' ? 1 : record.Sex === 'FEMALE' ? 0 : Number.NaN,
  'Heavy (≥ 4 kg)': record['Body Mass (g)'] === null ? Number.NaN : Number(Number(record['Body Mass (g)']) >= 4000),
}));
const scoredRows = records.map((_, row) => row);

function featureColumns(spec: FeatureSpec): FeatureColumns {
  return {
    numericColumns: spec.numeric.map((name) => Float64Array.from(records, (record) => Number(record[name] ?? Number.NaN))),
    categoricalColumns: spec.categorical.map((name) => records.map((record) => record[name] as string | null)),
  };
}

/** Trains on a seeded split of the penguins whose target is usable; the rest is held out. */
function penguinInput(task: LinearModelInput['task'], spec: FeatureSpec, targetName: string, usable: (value: unknown) => boolean) {
  const candidates = penguins.flatMap((record, row) => (usable(record[targetName]) ? [row] : []));
  const split =
    task === 'CLASSIFICATION'
      ? stratifiedTrainTestSplit(candidates.map((row) => String(penguins[row][targetName])), { testFraction: 0.25, seed: 7 })
      : trainTestSplit(candidates.length, { testFraction: 0.25, seed: 7 });
  const input: LinearModelInput = {
    task,
    spec,
    ...featureColumns(spec),
    target: records.map((record) => (task === 'REGRESSION' ? Number(record[targetName]) : String(record[targetName]))),
    trainRows: Uint32Array.from(split.train, (i) => candidates[i]),
    hyperparameters: {},
    metadata: { 'provenant.target': targetName },
  };
  return { input, testRows: Array.from(split.test, (i) => candidates[i]) };
}

async function runModel(bytes: Uint8Array, spec: FeatureSpec, columns: FeatureColumns, rows: ArrayLike<number>) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(onnxInputs(spec, columns, rows));
  } finally {
    await session.release();
  }
}

/**
 * The acceptance test: raw rows scored through the ONNX file equal the
 * training-time predictions (design matrix × coefficients, then softmax).
 */
async function assertOnnxReproducesTraining(input: LinearModelInput, result: LinearModelResult) {
  const island = input.spec.categorical.indexOf('Island');
  assert.ok(!result.preprocessor.categories[island].includes('Anvers'), 'the unseen island must really be unseen');
  const expected = predictLinearModel(result, input, scoredRows);
  const outputs = await runModel(result.onnx, input.spec, input, scoredRows);

  if (input.task === 'REGRESSION') {
    const prediction = outputs[ONNX_PREDICTION_OUTPUT_NAME];
    assert.deepEqual(prediction.dims, [records.length, 1]);
    expected.forEach((value, row) => {
      const actual = (prediction.data as Float32Array)[row];
      assert.ok(Math.abs(actual - value) <= 1e-5 * Math.max(1, Math.abs(value)), `row ${row}: ${actual} vs ${value}`);
    });
    return outputs;
  }
  const classCount = result.classLabels.length;
  const probabilities = outputs[ONNX_PROBABILITIES_OUTPUT_NAME];
  assert.deepEqual(probabilities.dims, [records.length, classCount]);
  expected.forEach((value, k) => {
    const actual = (probabilities.data as Float32Array)[k];
    assert.ok(Math.abs(actual - value) <= 1e-5, `row ${Math.floor(k / classCount)}, class ${k % classCount}: ${actual} vs ${value}`);
  });
  const expectedLabels = scoredRows.map((row) => {
    const scores = expected.subarray(row * classCount, (row + 1) * classCount);
    return result.classLabels[scores.indexOf(Math.max(...scores))];
  });
  assert.deepEqual(outputs[ONNX_LABEL_OUTPUT_NAME].data, expectedLabels);
  return outputs;
}

function testAccuracy(outputs: ort.InferenceSession.OnnxValueMapType, input: LinearModelInput, testRows: number[]) {
  const labels = outputs[ONNX_LABEL_OUTPUT_NAME].data as string[];
  return testRows.filter((row) => labels[row] === input.target[row]).length / testRows.length;
}

test('three classes: raw rows through ONNX equal the training-time predictions, unseen and missing values included', async () => {
  const { input, testRows } = penguinInput(
    'CLASSIFICATION',
    { numeric: ['Beak Length (mm)', 'Beak Depth (mm)', 'Is male?'], categorical: ['Island'] },
    'Species',
    () => true,
  );
  const result = fitLinearModel(input);
  assert.deepEqual(result.classLabels, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.equal(result.trainRowCount, input.trainRows.length);
  assert.ok(result.iterations > 0 && result.iterations <= hyperparameterDefaults('CLASSIFICATION').maxIterations);
  assert.deepEqual(result.preprocessor.categories, [['Biscoe', 'Dream', 'Torgersen']]);
  assert.equal(result.coefficients.length, 3 * (3 + 3));

  const outputs = await assertOnnxReproducesTraining(input, result);
  assert.ok(testAccuracy(outputs, input, testRows) > 0.9);
});

test('two classes: raw rows through ONNX equal the training-time predictions, unseen and missing values included', async () => {
  const { input, testRows } = penguinInput(
    'CLASSIFICATION',
    { numeric: ['Beak Depth (mm)', 'Body Mass (g)', 'Heavy (≥ 4 kg)'], categorical: ['Species', 'Island'] },
    'Sex',
    (sex) => sex === 'MALE' || sex === 'FEMALE',
  );
  const result = fitLinearModel(input);
  assert.deepEqual(result.classLabels, ['FEMALE', 'MALE']);
  const outputs = await assertOnnxReproducesTraining(input, result);
  assert.ok(testAccuracy(outputs, input, testRows) > 0.8);
});

test('regression: raw rows through ONNX equal the training-time predictions, unseen and missing values included', async () => {
  const { input, testRows } = penguinInput(
    'REGRESSION',
    { numeric: ['Flipper Length (mm)', 'Beak Length (mm)', 'Is male?'], categorical: ['Species', 'Island'] },
    'Body Mass (g)',
    (mass) => mass !== null,
  );
  const result = fitLinearModel(input);
  assert.deepEqual(result.classLabels, []);
  assert.equal(result.iterations, 0);
  assert.equal(result.intercepts.length, 1);
  const outputs = await assertOnnxReproducesTraining(input, result);
  const predictions = outputs[ONNX_PREDICTION_OUTPUT_NAME].data as Float32Array;
  assert.ok(r2(testRows.map((row) => Number(input.target[row])), testRows.map((row) => predictions[row])) > 0.8);
});

test('records the feature lists in the model and nowhere uses a feature name as a tensor name', () => {
  const spec = { numeric: ['Beak Length (mm)', 'Heavy (≥ 4 kg)'], categorical: ['Island'] };
  const { input } = penguinInput('CLASSIFICATION', spec, 'Species', () => true);
  const decoded = onnx.ModelProto.decode(fitLinearModel(input).onnx);
  const metadata = Object.fromEntries(decoded.metadataProps.map((entry) => [entry.key, entry.value]));
  assert.deepEqual(JSON.parse(metadata[ONNX_NUMERIC_FEATURES_METADATA_KEY]), spec.numeric);
  assert.deepEqual(JSON.parse(metadata[ONNX_CATEGORICAL_FEATURES_METADATA_KEY]), spec.categorical);
  assert.equal(metadata['provenant.target'], 'Species');
  assert.deepEqual(decoded.graph!.input!.map((value) => value.name), ['numeric_features', 'categorical_features']);
});

test('binary classification puts each class probability in its own sorted column', async () => {
  const x = Float64Array.from([-3, -2, -1.5, -1, 1, 1.5, 2, 3]);
  const spec = { numeric: ['x'], categorical: [] };
  const columns = { numericColumns: [x], categoricalColumns: [] };
  const result = fitLinearModel({
    task: 'CLASSIFICATION',
    spec,
    ...columns,
    target: [7, 7, 7, 7, 10, 10, 10, 10],
    trainRows: Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
    hyperparameters: { maxIterations: 2000 },
    metadata: {},
  });
  // String sort: '10' before '7'.
  assert.deepEqual(result.classLabels, ['10', '7']);
  const outputs = await runModel(result.onnx, spec, columns, [0, 7]);
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
  const spec = { numeric: ['x1', 'x2'], categorical: [] };
  const columns = { numericColumns: [x1, x2], categoricalColumns: [] };
  const result = fitLinearModel({
    task: 'REGRESSION',
    spec,
    ...columns,
    target: target.map((value, i) => (i % 2 === 0 ? String(value) : value)),
    trainRows: Uint32Array.from({ length: 30 }, (_, i) => i),
    hyperparameters: { l2: 0 },
    metadata: {},
  });
  assert.equal(result.trainRowCount, 30);
  const testRows = Array.from({ length: 10 }, (_, i) => 30 + i);
  const prediction = (await runModel(result.onnx, spec, columns, testRows))[ONNX_PREDICTION_OUTPUT_NAME];
  testRows.forEach((row, i) => {
    const actual = (prediction.data as Float32Array)[i];
    assert.ok(Math.abs(actual - target[row]) < 1e-4 * Math.max(1, Math.abs(target[row])), `row ${row}: ${actual} vs ${target[row]}`);
  });
});

function smallInput(): LinearModelInput {
  return {
    task: 'CLASSIFICATION',
    spec: { numeric: ['width', 'flag'], categorical: ['colour'] },
    numericColumns: [Float64Array.from([1, 2, Number.NaN, 4, 5, 6, 7, 8]), Float64Array.from([0, 1, 0, 1, 0, 1, 1, 0])],
    categoricalColumns: [['red', 'blue', null, 'red', 'blue', 'red', 'blue', 'red']],
    target: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
    trainRows: Uint32Array.from([0, 1, 2, 4, 5, 6]),
    hyperparameters: {},
    metadata: { run: 'test' },
  };
}

test('identical inputs give byte-identical ONNX', () => {
  assert.deepEqual(fitLinearModel(smallInput()).onnx, fitLinearModel(smallInput()).onnx);
  const { input } = penguinInput('REGRESSION', { numeric: ['Flipper Length (mm)'], categorical: ['Sex'] }, 'Body Mass (g)', (mass) => mass !== null);
  assert.deepEqual(fitLinearModel(input).onnx, fitLinearModel({ ...input }).onnx);
});

test('uses only the training rows, preprocessing included', () => {
  const input = smallInput();
  const changed = {
    ...input,
    // Rows 3 and 7 are held out: a missing value, an unseen category and an odd label there change nothing.
    numericColumns: [Float64Array.from(input.numericColumns[0], (v, i) => (i === 3 ? Number.NaN : i === 7 ? 1e6 : v)), input.numericColumns[1]],
    categoricalColumns: [input.categoricalColumns[0].map((v, i) => (i === 7 ? 'green' : v))],
    target: input.target.map((v, i) => (i === 3 ? 'c' : v)),
  };
  const result = fitLinearModel(changed);
  assert.deepEqual(result.classLabels, ['a', 'b']);
  assert.deepEqual(result.preprocessor.categories, [['blue', 'red']]);
  assert.deepEqual(result.onnx, fitLinearModel(input).onnx);
});

test('the preprocessor summary survives JSON', () => {
  const result = fitLinearModel(smallInput());
  assert.deepEqual(JSON.parse(JSON.stringify(result.preprocessor)), result.preprocessor);
  assert.deepEqual(result.preprocessor.spec, smallInput().spec);
});

test('a single training class is rejected with a message naming target', () => {
  assert.throws(
    () => fitLinearModel({ ...smallInput(), trainRows: Uint32Array.from([0, 1, 3]) }),
    /^Error: target has 1 distinct value\(s\) in the training rows \(a\)/,
  );
});

test('invalid hyperparameters are rejected with the hyperparameter named', () => {
  assert.throws(
    () => fitLinearModel({ ...smallInput(), hyperparameters: { learningRate: -1 } }),
    new RangeError('hyperparameters.learningRate must be a positive number (got -1)'),
  );
  assert.throws(
    () => fitLinearModel({ ...smallInput(), task: 'REGRESSION', hyperparameters: { maxIterations: 1e6 } }),
    new RangeError('hyperparameters.maxIterations must be an integer from 1 to 100000 (got 1000000)'),
  );
});

test('divergent gradient descent is reported instead of exporting a broken model', () => {
  assert.throws(
    () => fitLinearModel({ ...smallInput(), hyperparameters: { learningRate: 1e308 } }),
    /diverged; lower hyperparameters.learningRate/,
  );
});

test('bad data is rejected with the column or row named', () => {
  const input = smallInput();
  const width = Float64Array.from(input.numericColumns[0]);
  width[4] = Number.POSITIVE_INFINITY;
  assert.throws(
    () => fitLinearModel({ ...input, numericColumns: [width, input.numericColumns[1]] }),
    /feature "width" has a non-finite value \(Infinity\) at row 4/,
  );
  assert.throws(
    () => fitLinearModel({ ...input, numericColumns: [input.numericColumns[0]] }),
    /numericColumns has 1 columns for the 2 features of spec.numeric/,
  );
  assert.throws(() => fitLinearModel({ ...input, spec: { ...input.spec, categorical: ['width'] } }), /"width" is listed twice/);
  assert.throws(() => fitLinearModel({ ...input, spec: { numeric: [], categorical: [] }, numericColumns: [], categoricalColumns: [] }), /at least one/);
  assert.throws(() => fitLinearModel({ ...input, target: ['a'] }), /feature columns have 8 rows but target has 1/);
  assert.throws(() => fitLinearModel({ ...input, trainRows: Uint32Array.from([0, 8]) }), /trainRows contains 8, beyond the 8 rows/);
  assert.throws(() => fitLinearModel({ ...input, trainRows: Uint32Array.from([0]) }), /at least 2 rows/);
  assert.throws(
    () => fitLinearModel({ ...input, categoricalColumns: [input.categoricalColumns[0].map(() => null)] }),
    /feature "colour" has no values in the training rows/,
  );
  const withEmptyTarget = input.target.map((label, i) => (i === 4 ? '' : label));
  assert.throws(() => fitLinearModel({ ...input, target: withEmptyTarget }), /target is empty at row 4/);
  assert.throws(
    () => fitLinearModel({ ...input, task: 'REGRESSION' }),
    /target must be a finite number for regression \(got "a" at row 0\)/,
  );
});
