import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import type { FeatureColumns, FeatureSpec } from '../features/feature-spec';
import { onnxInputs } from '../features/onnx-inputs';
import { designMatrixWidth, fitPreprocessor, transformToDesignMatrix, type Preprocessor } from '../features/preprocessor';
import { ONNX_CATEGORICAL_FEATURES_METADATA_KEY, ONNX_NUMERIC_FEATURES_METADATA_KEY } from './model-contract';
import { encodeModel, tensorValueInfo } from './onnx-builders';
import { DESIGN_MATRIX, preprocessingGraph } from './preprocessing-graph';

/** A model whose only output is the design matrix, to observe the preprocessing on its own. */
async function designMatrixInOnnx(preprocessor: Preprocessor, columns: FeatureColumns, rows: number[]) {
  const graph = preprocessingGraph(preprocessor);
  const bytes = encodeModel({
    graph: {
      name: 'preprocessing_only',
      node: graph.nodes,
      initializer: graph.initializers,
      input: graph.inputs,
      output: [tensorValueInfo(DESIGN_MATRIX, onnx.TensorProto.DataType.FLOAT, ['N', graph.width])],
    },
    docString: '',
    producerName: 'test',
    producerVersion: '0',
    metadata: graph.metadata,
  });
  const session = await ort.InferenceSession.create(bytes);
  try {
    return (await session.run(onnxInputs(preprocessor.spec, columns, rows)))[DESIGN_MATRIX];
  } finally {
    await session.release();
  }
}

async function assertOnnxMatchesJs(spec: FeatureSpec, columns: FeatureColumns, trainRows: number[], scoredRows: number[]) {
  const preprocessor = fitPreprocessor(spec, columns, Uint32Array.from(trainRows));
  const actual = await designMatrixInOnnx(preprocessor, columns, scoredRows);
  const expected = transformToDesignMatrix(preprocessor, columns, scoredRows);
  assert.equal(actual.type, 'float32');
  assert.deepEqual(actual.dims, [scoredRows.length, expected.length / scoredRows.length]);
  const data = actual.data as Float32Array;
  for (let k = 0; k < expected.length; k++) {
    assert.ok(Math.abs(data[k] - expected[k]) <= 1e-6 * Math.max(1, Math.abs(expected[k])), `entry ${k}: ${data[k]} vs ${expected[k]}`);
  }
}

test('onnxruntime computes the same design matrix as training, missing and unseen values included', async () => {
  const spec: FeatureSpec = { numeric: ['poids (kg)', 'member?'], categorical: ['région', 'plan tier'] };
  const columns: FeatureColumns = {
    numericColumns: [Float64Array.from([70.5, Number.NaN, 82.25, 64, 1e3, Number.NaN]), Float64Array.from([1, 0, 0, 1, 1, 0])],
    categoricalColumns: [
      ['Île-de-France', 'Bretagne', null, 'Bretagne', 'Corse', ''],
      ['gold', 'basic', 'basic', 'silver (legacy)', null, 'platinum'],
    ],
  };
  // Rows 4 and 5 are outside training: 'Corse' and 'platinum' are unseen there.
  await assertOnnxMatchesJs(spec, columns, [0, 1, 2, 3], [0, 1, 2, 3, 4, 5]);
});

test('numeric-only and categorical-only graphs run, with one row too', async () => {
  const numericColumns = [Float64Array.from([1, 2, Number.NaN, 4])];
  await assertOnnxMatchesJs({ numeric: ['x'], categorical: [] }, { numericColumns, categoricalColumns: [] }, [0, 1, 2], [3, 2]);
  const categoricalColumns = [['a', 'b', 'c', null]];
  await assertOnnxMatchesJs({ numeric: [], categorical: ['c'] }, { numericColumns: [], categoricalColumns }, [0, 1], [2, 3, 0]);
  await assertOnnxMatchesJs({ numeric: [], categorical: ['c'] }, { numericColumns: [], categoricalColumns }, [0, 1], [1]);
});

test('a high-cardinality feature pools its rare and unseen categories in an "other" column, in ONNX as in training', async () => {
  // 120 common categories of 10 rows each, then 30 rare ones of one row: the 120 cover 97.6% of rows,
  // so the default keeps the 120 + the most frequent rare ones up to 99%, and pools the rest.
  const values: (string | null)[] = [];
  for (let c = 0; c < 120; c++) for (let r = 0; r < 10; r++) values.push(`common-${c}`);
  for (let c = 0; c < 30; c++) values.push(`rare-${c}`);
  values.push(null, '', 'never seen', 'common-3');
  const columns: FeatureColumns = { numericColumns: [Float64Array.from(values, (_, i) => i % 7)], categoricalColumns: [values] };
  const spec: FeatureSpec = { numeric: ['n'], categorical: ['code'] };
  const trainRows = Array.from({ length: 1230 }, (_, i) => i);
  const preprocessor = fitPreprocessor(spec, columns, Uint32Array.from(trainRows));
  assert.equal(preprocessor.otherColumn[0], true);
  assert.ok(preprocessor.categories[0].length > 100 && preprocessor.categories[0].length < 150);
  assert.ok(!preprocessor.categories[0].includes('rare-29'));

  const scored = [0, 1229, 1230, 1231, 1232, 1233];
  await assertOnnxMatchesJs(spec, columns, trainRows, scored);
  const x = transformToDesignMatrix(preprocessor, columns, scored);
  const width = designMatrixWidth(preprocessor);
  const other = (i: number) => x[i * width + width - 1];
  // common-0: its own column; rare-29: other; null and '': missing, all zeros; never seen: other; common-3: its own.
  assert.deepEqual(scored.map((_, i) => other(i)), [0, 1, 0, 0, 1, 0]);
  const indicators = (i: number) => Array.from(x.subarray(i * width + 1, (i + 1) * width)).reduce((sum, v) => sum + v, 0);
  assert.deepEqual(scored.map((_, i) => indicators(i)), [1, 1, 0, 0, 1, 1]);
});

test('records the feature lists as JSON, since names may not suit ONNX input names', () => {
  const preprocessor: Preprocessor = {
    spec: { numeric: ['a b', '(c)'], categorical: ['日本'] },
    numericMeans: [0, 1],
    numericScales: [1, 2],
    categories: [['x']],
    otherColumn: [false],
  };
  assert.deepEqual(preprocessingGraph(preprocessor).metadata, {
    [ONNX_NUMERIC_FEATURES_METADATA_KEY]: '["a b","(c)"]',
    [ONNX_CATEGORICAL_FEATURES_METADATA_KEY]: '["日本"]',
  });
});

test('rejects an inconsistent preprocessor', () => {
  const valid: Preprocessor = { spec: { numeric: ['a'], categorical: ['c'] }, numericMeans: [0], numericScales: [1], categories: [['x', 'y']], otherColumn: [false] };
  assert.throws(() => preprocessingGraph({ ...valid, numericMeans: [] }), /numericMeans has 0 values, expected 1/);
  assert.throws(() => preprocessingGraph({ ...valid, numericScales: [1e39] }), /numericScales\[0\] is not finite in float32/);
  assert.throws(() => preprocessingGraph({ ...valid, categories: [] }), /categories has 0 lists for 1 categorical features/);
  assert.throws(() => preprocessingGraph({ ...valid, categories: [[]] }), /categories of "c" is empty/);
  assert.throws(() => preprocessingGraph({ ...valid, categories: [['x', 'x']] }), /distinct/);
  assert.throws(() => preprocessingGraph({ ...valid, categories: [['x', '']] }), /missing-value marker/);
  assert.throws(() => preprocessingGraph({ ...valid, otherColumn: [] }), /otherColumn has 0 entries for 1 categorical features/);
});
