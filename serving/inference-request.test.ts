import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FeatureSpec } from '../ml/features/feature-spec';
import { InferenceRequestError, parseInferenceRequest, requestIdOf } from './inference-request';

const SPEC: FeatureSpec = { numeric: ['temp max', 'rainy'], categorical: ['city'] };

function tensor(name: string, datatype: string, data: unknown[], shape: number[] = [data.length]) {
  return { name, datatype, shape, data };
}

const VALID = [tensor('temp max', 'FP32', [12.5, null]), tensor('rainy', 'BOOL', [true, false]), tensor('city', 'BYTES', ['Oslo', null])];

function refusal(body: unknown, message: RegExp): void {
  assert.throws(
    () => parseInferenceRequest(body, SPEC),
    (error: unknown) => error instanceof InferenceRequestError && message.test(error.message),
  );
}

describe('parseInferenceRequest: one tensor per feature', () => {
  test('reads each feature into its column in the spec order, null as missing', () => {
    const parsed = parseInferenceRequest({ inputs: [...VALID].reverse() }, SPEC);
    assert.equal(parsed.rowCount, 2);
    assert.deepEqual(Array.from(parsed.columns.numericColumns[0]), [12.5, Number.NaN]);
    assert.deepEqual(Array.from(parsed.columns.numericColumns[1]), [1, 0]);
    assert.deepEqual(parsed.columns.categoricalColumns, [['Oslo', null]]);
  });

  test('accepts [N, 1] tensors with flat or nested data, and integer datatypes', () => {
    const parsed = parseInferenceRequest(
      {
        inputs: [
          tensor('temp max', 'INT64', [[3], [-4]], [2, 1]),
          tensor('rainy', 'UINT8', [1, 0], [2, 1]),
          tensor('city', 'BYTES', ['', 'Rome'], [2, 1]),
        ],
      },
      SPEC,
    );
    assert.deepEqual(Array.from(parsed.columns.numericColumns[0]), [3, -4]);
    assert.deepEqual(parsed.columns.categoricalColumns, [[null, 'Rome']], "'' is the missing category");
  });

  test('names the missing feature, with inputs it does not know as a hint, and the duplicated one', () => {
    refusal({ inputs: VALID.slice(1) }, /^input "temp max" is missing: the model needs every feature \["temp max","rainy","city"\]$/);
    refusal({ inputs: [tensor('temp_max', 'FP32', [1, 2]), ...VALID.slice(1)] }, /^input "temp max" is missing.*the inputs \["temp_max"\] are not features of this model/);
    refusal({ inputs: [...VALID, VALID[0]] }, /^input "temp max" is given twice/);
  });

  test("ignores inputs that are not the version's features, whatever their row count", () => {
    const parsed = parseInferenceRequest({ inputs: [tensor('humidity', 'FP32', [1, 2, 3]), ...VALID] }, SPEC);
    assert.equal(parsed.rowCount, 2);
    assert.equal(parsed.columns.numericColumns.length, 2);
  });

  test('names the input whose datatype does not fit its feature', () => {
    refusal({ inputs: [tensor('temp max', 'BYTES', ['12', '13']), ...VALID.slice(1)] }, /^input "temp max": datatype must be one of FP32.*numeric feature; got "BYTES"/);
    refusal({ inputs: [...VALID.slice(0, 2), tensor('city', 'FP32', [1, 2])] }, /^input "city": datatype must be BYTES/);
    refusal({ inputs: [tensor('temp max', 'FP32', [1, 'x']), ...VALID.slice(1)] }, /^input "temp max": data\[1\] must be a number or null for datatype FP32; got "x"/);
    refusal({ inputs: [tensor('temp max', 'INT32', [1.5, 2]), ...VALID.slice(1)] }, /data\[0\] must be an integer/);
    refusal({ inputs: [VALID[0], tensor('rainy', 'BOOL', [1, 0]), VALID[2]] }, /^input "rainy": data\[0\] must be true, false or null/);
    refusal({ inputs: [...VALID.slice(0, 2), tensor('city', 'BYTES', ['Oslo', 7])] }, /^input "city": data\[1\] must be a string or null/);
  });

  test('names the input whose shape or length is off', () => {
    refusal({ inputs: [tensor('temp max', 'FP32', [1, 2, 3]), ...VALID.slice(1)] }, /^input "rainy" has 2 rows but input "temp max" has 3/);
    refusal({ inputs: [tensor('temp max', 'FP32', [1, 2], [3]), ...VALID.slice(1)] }, /^input "temp max": data has 2 elements but shape \[3\] needs 3/);
    refusal({ inputs: [tensor('temp max', 'FP32', [1, 2], [1, 2]), ...VALID.slice(1)] }, /^input "temp max": shape must be \[N\] or \[N, 1\]/);
    refusal({ inputs: [tensor('temp max', 'FP32', [1], [-1]), ...VALID.slice(1)] }, /^input "temp max": shape must be one or two non-negative integers/);
    refusal({ inputs: [tensor('temp max', 'FP32', [[[1]]], [1, 1, 1]), ...VALID.slice(1)] }, /^input "temp max": shape must be one or two/);
    refusal({ inputs: VALID.map((input) => tensor(input.name, input.datatype, [])) }, /has no rows/);
  });

  test('refuses bodies that are not inference requests', () => {
    refusal(null, /must be a JSON object with an "inputs" array/);
    refusal([1, 2], /must be a JSON object/);
    refusal({ inputs: [] }, /"inputs" must be a non-empty array/);
    refusal({ inputs: [42] }, /^inputs\[0\] must be an object/);
    refusal({ inputs: [{ shape: [1], datatype: 'FP32', data: [1] }] }, /^inputs\[0\].name must be a non-empty string/);
    refusal({ inputs: [{ name: 'city', shape: [1], datatype: 'BYTES', data: 'Oslo' }] }, /^input "city": data must be an array/);
  });
});

describe("parseInferenceRequest: the model's own tensors", () => {
  test('splits numeric_features and categorical_features into columns', () => {
    const parsed = parseInferenceRequest(
      {
        inputs: [
          tensor('numeric_features', 'FP32', [1, 0, null, 1], [2, 2]),
          tensor('categorical_features', 'BYTES', [['Oslo'], ['Rome']], [2, 1]),
        ],
      },
      SPEC,
    );
    assert.equal(parsed.rowCount, 2);
    assert.deepEqual(Array.from(parsed.columns.numericColumns[0]), [1, Number.NaN]);
    assert.deepEqual(Array.from(parsed.columns.numericColumns[1]), [0, 1]);
    assert.deepEqual(parsed.columns.categoricalColumns, [['Oslo', 'Rome']]);
  });

  test('names the tensor whose width, rows or presence is wrong', () => {
    const categorical = tensor('categorical_features', 'BYTES', ['Oslo'], [1, 1]);
    refusal({ inputs: [tensor('numeric_features', 'FP32', [1, 2, 3], [1, 3]), categorical] }, /^input "numeric_features": shape must be \[N, 2\]/);
    refusal({ inputs: [tensor('numeric_features', 'FP32', [1, 2, 3, 4], [2, 2]), categorical] }, /^input "categorical_features" has 1 rows but input "numeric_features" has 2/);
    refusal({ inputs: [tensor('numeric_features', 'FP32', [1, 2], [1, 2])] }, /^input "categorical_features" is missing/);
    refusal({ inputs: [tensor('numeric_features', 'FP32', [1, 2], [1, 2]), categorical, VALID[0]] }, /^input "temp max" is not an input of this model/);
    refusal(
      { inputs: [tensor('numeric_features', 'FP32', [1, 'x'], [1, 2]), categorical] },
      /^input "numeric_features": data\[1\] must be a number or null/,
    );
  });
});

test('requestIdOf: the optional id must be a non-empty string', () => {
  assert.equal(requestIdOf({ id: 'r-1', inputs: [] }), 'r-1');
  assert.equal(requestIdOf({ inputs: [] }), undefined);
  assert.throws(() => requestIdOf({ id: 7 }), /"id" must be a non-empty string/);
  assert.throws(() => requestIdOf({ id: '' }), /"id" must be a non-empty string/);
  assert.throws(() => requestIdOf('text'), InferenceRequestError);
});

describe('values Postgres could not log are refused at the door', () => {
  test('a NUL character in a category or in the request id', () => {
    refusal({ inputs: [VALID[0], VALID[1], tensor('city', 'BYTES', ['Os\u0000lo', null])] }, /city.*without NUL characters/);
    assert.throws(() => requestIdOf({ id: 'a\u0000b', inputs: [] }), /must not contain NUL characters/);
  });
});
