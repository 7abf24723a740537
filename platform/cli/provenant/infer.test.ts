import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRows, predictionsTable, rowsToRequest } from './infer';

test('rows become one tensor per feature: numbers FP64, booleans BOOL, strings BYTES, gaps null', () => {
  assert.deepEqual(rowsToRequest([{ wind: 4.7, island: 'Biscoe', male: true }, { wind: 2.3, male: false }]), {
    inputs: [
      { name: 'wind', shape: [2], datatype: 'FP64', data: [4.7, 2.3] },
      { name: 'island', shape: [2], datatype: 'BYTES', data: ['Biscoe', null] },
      { name: 'male', shape: [2], datatype: 'BOOL', data: [true, false] },
    ],
  });
  assert.throws(() => rowsToRequest([{ wind: 4.7 }, { wind: 'calm' }]), /^UsageError: feature wind: every row must give a number, a boolean or a string \(or null\), and the same kind in every row$/);
  assert.throws(() => rowsToRequest([{ wind: [1, 2] }]), /feature wind/);
});

test('a file of rows is a JSON array or JSON lines; anything else is refused with where it came from', () => {
  assert.deepEqual(parseRows('[{"a": 1}, {"a": 2}]', 'rows.json'), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(parseRows('{"a": 1}\n\n{"a": 2}\n', 'rows.jsonl'), [{ a: 1 }, { a: 2 }]);
  assert.throws(() => parseRows('', 'empty.json'), /^UsageError: empty\.json holds no rows$/);
  assert.throws(() => parseRows('[1]', 'numbers.json'), /^UsageError: numbers\.json: row 1 is not an object of feature values$/);
  assert.throws(() => parseRows('a,b\n1,2', 'rows.csv'), /^UsageError: rows\.csv is neither a JSON array of rows nor JSON lines/);
});

test("predictions print one row per input row, a tensor's values for that row side by side", () => {
  const table = predictionsTable({
    model_name: 'weather',
    model_version: '3',
    id: 'r1',
    outputs: [
      { name: 'label', shape: [2], datatype: 'BYTES', data: ['rain', 'sun'] },
      { name: 'probabilities', shape: [2, 2], datatype: 'FP32', data: [0.912345, 0.087664, 0.1, 0.9] },
    ],
  });
  assert.equal(table, ['model weather version 3, request r1', 'ROW  LABEL  PROBABILITIES', '1    rain   0.9123 0.08766', '2    sun    0.1 0.9'].join('\n'));
});
