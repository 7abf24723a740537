import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureColumns, FeatureSpec } from './feature-spec';
import { designMatrixWidth, fitPreprocessor, transformToDesignMatrix } from './preprocessor';

const spec: FeatureSpec = { numeric: ['length (cm)', 'is_adult'], categorical: ['colour'] };
// Rows 0–3 train; row 4 is held out and must not influence the fit.
const columns: FeatureColumns = {
  numericColumns: [Float64Array.from([1, Number.NaN, 3, 5, 100]), Float64Array.from([1, 0, 1, 1, 0])],
  categoricalColumns: [['red', null, 'blue', '', 'green']],
};
const trainRows = Uint32Array.from([0, 1, 2, 3]);

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${actual} ≉ ${expected}`);

test('imputes with the observed mean and scales by the std of the imputed column', () => {
  const preprocessor = fitPreprocessor(spec, columns, trainRows);
  // length: observed 1, 3, 5 → mean 3; imputed 1, 3, 3, 5 → population variance 2.
  // is_adult: 1, 0, 1, 1 → mean 0.75, variance 0.1875.
  assert.deepEqual(preprocessor.numericMeans, [3, 0.75]);
  close(preprocessor.numericScales[0], 1 / Math.sqrt(2));
  close(preprocessor.numericScales[1], 1 / Math.sqrt(0.1875));
  // null and '' are missing, not categories; 'green' only occurs outside the training rows.
  assert.deepEqual(preprocessor.categories, [['blue', 'red']]);
  assert.deepEqual(preprocessor.otherColumn, [false]);
  assert.deepEqual(preprocessor.spec, spec);
  assert.equal(designMatrixWidth(preprocessor), 4);
  assert.deepEqual(JSON.parse(JSON.stringify(preprocessor)), preprocessor);
});

test('missing numerics become 0; missing and unseen categories become all zeros', () => {
  const preprocessor = fitPreprocessor(spec, columns, trainRows);
  const x = transformToDesignMatrix(preprocessor, columns, [0, 1, 3, 4]);
  const adult = 0.25 / Math.sqrt(0.1875);
  const child = -0.75 / Math.sqrt(0.1875);
  const expected = [
    [-Math.SQRT2, adult, 0, 1], // red
    [0, child, 0, 0], // length missing, colour null
    [Math.SQRT2, adult, 0, 0], // colour ''
    [97 / Math.SQRT2, child, 0, 0], // colour 'green', unseen
  ].flat();
  assert.equal(x.length, expected.length);
  expected.forEach((value, k) => close(x[k], value));
});

test('the training rows standardise to mean 0 and unit variance', () => {
  const preprocessor = fitPreprocessor(spec, columns, trainRows);
  const x = transformToDesignMatrix(preprocessor, columns, trainRows);
  for (const j of [0, 1]) {
    const values = [0, 1, 2, 3].map((i) => x[i * 4 + j]);
    close(values.reduce((sum, value) => sum + value, 0) / 4, 0);
    close(values.reduce((sum, value) => sum + value * value, 0) / 4, 1);
  }
});

test('a constant numeric column gets scale 1 and categorical-only or numeric-only specs work', () => {
  const constant = fitPreprocessor(
    { numeric: ['k'], categorical: [] },
    { numericColumns: [Float64Array.from([2, 2, Number.NaN])], categoricalColumns: [] },
    Uint32Array.from([0, 1, 2]),
  );
  assert.deepEqual(constant.numericScales, [1]);
  const categorical = fitPreprocessor(
    { numeric: [], categorical: ['c'] },
    { numericColumns: [], categoricalColumns: [['b', 'a', 'b']] },
    Uint32Array.from([0, 1, 2]),
  );
  assert.deepEqual(categorical.categories, [['a', 'b']]);
  assert.deepEqual([...transformToDesignMatrix(categorical, { numericColumns: [], categoricalColumns: [['b', 'a', 'b']] }, [0, 1])], [0, 1, 1, 0]);
});

test('rejects training columns without values or with infinities, naming the feature', () => {
  const noLength = { ...columns, numericColumns: [Float64Array.from([Number.NaN, Number.NaN, Number.NaN, Number.NaN, 1]), columns.numericColumns[1]] };
  assert.throws(() => fitPreprocessor(spec, noLength, trainRows), /feature "length \(cm\)" has no values in the training rows/);
  const infinite = { ...columns, numericColumns: [Float64Array.from([1, 2, Number.NEGATIVE_INFINITY, 4, 5]), columns.numericColumns[1]] };
  assert.throws(() => fitPreprocessor(spec, infinite, trainRows), /feature "length \(cm\)" has a non-finite value \(-Infinity\) at row 2/);
  const noColour = { ...columns, categoricalColumns: [[null, '', null, null, 'red']] };
  assert.throws(() => fitPreprocessor(spec, noColour, trainRows), /feature "colour" has no values in the training rows/);
});

test('rejects columns that do not match the spec', () => {
  assert.throws(() => fitPreprocessor(spec, { ...columns, categoricalColumns: [] }, trainRows), /categoricalColumns has 0 columns for the 1 features of spec.categorical/);
  assert.throws(() => fitPreprocessor({ ...spec, categorical: ['is_adult'] }, columns, trainRows), /"is_adult" is listed twice/);
  assert.throws(() => fitPreprocessor(spec, columns, Uint32Array.from([0, 5])), /trainRows contains 5, beyond the 5 rows/);
  const preprocessor = fitPreprocessor(spec, columns, trainRows);
  const short = { ...columns, categoricalColumns: [['red']] };
  assert.throws(() => transformToDesignMatrix(preprocessor, short, [0]), /feature "colour" has 1 rows but "length \(cm\)" has 5/);
});
