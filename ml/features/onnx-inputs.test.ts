import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONNX_CATEGORICAL_INPUT_NAME, ONNX_NUMERIC_INPUT_NAME } from '../onnx/model-contract';
import { onnxInputs } from './onnx-inputs';

test('gathers the rows into float32 and string tensors, keeping NaN and sending null as empty', () => {
  const inputs = onnxInputs(
    { numeric: ['a', 'b'], categorical: ['c'] },
    { numericColumns: [Float64Array.from([1.5, Number.NaN, 3]), Float64Array.from([10, 20, 30])], categoricalColumns: [['x', null, 'z']] },
    Uint32Array.from([2, 1]),
  );
  assert.deepEqual(Object.keys(inputs).sort(), [ONNX_CATEGORICAL_INPUT_NAME, ONNX_NUMERIC_INPUT_NAME]);
  const numeric = inputs[ONNX_NUMERIC_INPUT_NAME];
  assert.equal(numeric.type, 'float32');
  assert.deepEqual(numeric.dims, [2, 2]);
  assert.deepEqual([...(numeric.data as Float32Array)], [3, 30, Number.NaN, 20]);
  const categorical = inputs[ONNX_CATEGORICAL_INPUT_NAME];
  assert.equal(categorical.type, 'string');
  assert.deepEqual(categorical.dims, [2, 1]);
  assert.deepEqual(categorical.data, ['z', '']);
});

test('leaves out the input of a kind without features, as the model has none', () => {
  const numericOnly = onnxInputs({ numeric: ['a'], categorical: [] }, { numericColumns: [Float64Array.from([1])], categoricalColumns: [] }, [0]);
  assert.deepEqual(Object.keys(numericOnly), [ONNX_NUMERIC_INPUT_NAME]);
  const categoricalOnly = onnxInputs({ numeric: [], categorical: ['c'] }, { numericColumns: [], categoricalColumns: [['x']] }, [0]);
  assert.deepEqual(Object.keys(categoricalOnly), [ONNX_CATEGORICAL_INPUT_NAME]);
});

test('rejects columns that do not match the spec and rows beyond them', () => {
  const columns = { numericColumns: [Float64Array.from([1, 2])], categoricalColumns: [] };
  assert.throws(() => onnxInputs({ numeric: ['a', 'b'], categorical: [] }, columns, [0]), /numericColumns has 1 columns for the 2 features/);
  assert.throws(() => onnxInputs({ numeric: ['a'], categorical: [] }, columns, [2]), /rows contains 2, beyond the 2 rows/);
});
