import assert from 'node:assert/strict';
import { test } from 'node:test';
import { featureRecords } from './prediction-log';

test('feature records name every feature per row, missing values as null', () => {
  const records = featureRecords(
    { numeric: ['a', 'b'], categorical: ['c'] },
    { numericColumns: [Float64Array.of(1, Number.NaN), Float64Array.of(0.5, 2)], categoricalColumns: [['x', null]] },
    2,
  );
  assert.deepEqual(records, [
    { a: 1, b: 0.5, c: 'x' },
    { a: null, b: 2, c: null },
  ]);
});
