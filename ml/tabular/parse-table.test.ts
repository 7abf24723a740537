import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFromFileName, parseTable } from './parse-table';

const bytes = (text: string) => new TextEncoder().encode(text);

test('CSV: header, quoted commas, empty cells as null, columns typed from their values', () => {
  const table = parseTable(bytes('\uFEFFname,"size (cm)",ok,when\n"a, b",1.5,true,2020\nc,,FALSE,x\n'), 'csv');
  assert.deepEqual(table.columnNames, ['name', 'size (cm)', 'ok', 'when']);
  assert.equal(table.rowCount, 2);
  assert.deepEqual(table.columns, [['a, b', 'c'], [1.5, null], [true, false], ['2020', 'x']]);
  assert.deepEqual(
    table.schema.map((c) => [c.name, c.type, c.nullCount, c.distinctCount]),
    [['name', 'string', 0, 2], ['size (cm)', 'number', 1, 1], ['ok', 'boolean', 0, 2], ['when', 'string', 0, 2]],
  );
});

test('JSON lines: union of keys, missing keys are null, nested values refused', () => {
  const table = parseTable(bytes('{"a":1,"b":"x"}\n\n{"b":"y","c":false}\n'), 'jsonl');
  assert.deepEqual(table.columnNames, ['a', 'b', 'c']);
  assert.deepEqual(table.columns, [[1, null], ['x', 'y'], [null, false]]);
  assert.throws(() => parseTable(bytes('{"a":{"b":1}}\n'), 'jsonl'), /line 1: column "a" holds a nested value/);
  assert.throws(() => parseTable(bytes('{"a":1}\n[1]\n'), 'jsonl'), /line 2 is not a JSON object/);
  assert.throws(() => parseTable(bytes('{"a":1}\n{oops\n'), 'jsonl'), /malformed JSON at line 2/);
});

test('problems a user can fix are named', () => {
  assert.throws(() => parseTable(bytes(''), 'csv'), /file is empty/);
  assert.throws(() => parseTable(bytes('a,b\n'), 'csv'), /no data rows/);
  assert.throws(() => parseTable(bytes('a,a\n1,2\n'), 'csv'), /names column "a" twice/);
  assert.throws(() => parseTable(bytes('a,b\n1,2\n3\n'), 'csv'), /malformed CSV at line 3/);
  assert.throws(() => parseTable(new Uint8Array([0xff, 0xfe, 0x00]), 'csv'), /not valid UTF-8/);
});

test('format comes from the file extension', () => {
  assert.equal(formatFromFileName('/x/data.CSV'), 'csv');
  assert.equal(formatFromFileName('rows.ndjson'), 'jsonl');
  assert.throws(() => formatFromFileName('model.onnx'), /unsupported file type ".onnx"/);
});
