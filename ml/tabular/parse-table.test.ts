import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { formatFromFileName, parseTable, profileTableFiles } from './parse-table';
import { SLICE_ROWS } from './row-slicer';

const bytes = (text: string) => new TextEncoder().encode(text);

async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'tabular-')), name);
  await writeFile(file, content);
  return file;
}

test('CSV: header, quoted commas, empty cells as null, columns typed from their values', () => {
  const table = parseTable(bytes('\uFEFFname,"size (cm)",ok,when\n"a, b",1.5,true,2020\nc,,FALSE,x\n'), 'csv');
  assert.deepEqual(table.columnNames, ['name', 'size (cm)', 'ok', 'when']);
  assert.equal(table.rowCount, 2);
  assert.deepEqual(table.columns, [['a, b', 'c'], [1.5, null], [true, false], ['2020', 'x']]);
  assert.deepEqual(
    table.schema.map((c) => [c.name, c.type, c.nullCount, c.distinctCount]),
    [['name', 'string', 0, 2], ['size (cm)', 'number', 1, 1], ['ok', 'boolean', 0, 2], ['when', 'string', 0, 2]],
  );
  assert.deepEqual(table.schema[1], {
    name: 'size (cm)', type: 'number', nullCount: 1, distinctCount: 1, count: 1, min: 1.5, max: 1.5, mean: 1.5, std: 0,
    quantiles: [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => ({ p, value: 1.5 })), estimated: [],
  });
});

test('JSON lines: union of keys, missing keys are null, nested values refused', () => {
  const table = parseTable(bytes('{"a":1,"b":"x"}\n\n{"b":"y","c":false}\n'), 'jsonl');
  assert.deepEqual(table.columnNames, ['a', 'b', 'c']);
  assert.deepEqual(table.columns, [[1, null], ['x', 'y'], [null, false]]);
  assert.throws(() => parseTable(bytes('{"a":{"b":1}}\n'), 'jsonl'), /line 1: column "a" holds a nested value/);
  assert.throws(() => parseTable(bytes('{"a":1}\n[1]\n'), 'jsonl'), /line 2 is not a JSON object/);
  assert.throws(() => parseTable(bytes('{"a":1}\n{oops\n'), 'jsonl'), /malformed JSON at line 2/);
  assert.throws(() => parseTable(bytes('{}\n'), 'jsonl'), /no columns/);
});

test('problems a user can fix are named', () => {
  assert.throws(() => parseTable(bytes(''), 'csv'), /file is empty/);
  assert.throws(() => parseTable(bytes('a,b\n'), 'csv'), /no data rows/);
  assert.throws(() => parseTable(bytes('a,a\n1,2\n'), 'csv'), /names column "a" twice/);
  assert.throws(() => parseTable(bytes('a, \n1,2\n'), 'csv'), /header column 2 has no name/);
  assert.throws(() => parseTable(bytes('a,b\n1,2\n3\n'), 'csv'), /malformed CSV at line 3/);
  assert.throws(() => parseTable(new Uint8Array([0xff, 0xfe, 0x00]), 'csv'), /not valid UTF-8/);
});

test('format comes from the file extension', () => {
  assert.equal(formatFromFileName('/x/data.CSV'), 'csv');
  assert.equal(formatFromFileName('rows.ndjson'), 'jsonl');
  assert.equal(formatFromFileName('flights.parquet'), 'parquet');
  assert.throws(() => formatFromFileName('model.onnx'), /unsupported file type ".onnx"/);
});

test('streaming a file profiles it exactly as parsing it whole does, across many slices', async () => {
  const rows = SLICE_ROWS * 2 + 17;
  const csv = ['"Beak Length (mm)",température,名前,ok'];
  for (let i = 0; i < rows; i += 1) csv.push(`${i % 50 === 0 ? '' : (i % 97) / 4},${-i},"é ${i % 5}, ü",${i % 2 === 0}`);
  const text = `${csv.join('\r\n')}\r\n`;
  const whole = parseTable(bytes(text), 'csv');
  const streamed = (await profileTableFiles([await tempFile('awkward.csv', text)], 'csv')).profile;
  assert.equal(streamed.rowCount, rows);
  assert.deepEqual(streamed.schema, whole.schema);
  assert.deepEqual(streamed.schema.map((c) => c.type), ['number', 'number', 'string', 'boolean']);
  assert.equal(streamed.schema[0].nullCount, Math.ceil(rows / 50));

  // A key first seen in the third slice is null in every row before it.
  const lines = Array.from({ length: rows }, (_, i) => JSON.stringify(i < SLICE_ROWS * 2 ? { a: i } : { a: i, 'late key': 'x' }));
  const jsonl = `${lines.join('\n')}\n`;
  const late = (await profileTableFiles([await tempFile('late.jsonl', jsonl)], 'jsonl')).profile;
  assert.deepEqual(late.schema, parseTable(bytes(jsonl), 'jsonl').schema);
  assert.deepEqual(late.schema[1], { ...late.schema[1], name: 'late key', nullCount: SLICE_ROWS * 2, count: 17 });
});

test('streamed files: characters split across reads, and problems located as in memory', async () => {
  // Read streams deliver 64 KiB chunks; put a two-byte character across the first boundary.
  const padding = 'x'.repeat(64 * 1024 - 'name\n'.length - 1);
  const split = (await profileTableFiles([await tempFile('split.csv', `name\n${padding}é\nb\n`)], 'csv')).profile;
  assert.equal(split.schema[0].distinctCount, 2);
  await assert.rejects(profileTableFiles([await tempFile('bad.csv', 'a,b\n1,2\n3\n')], 'csv'), /malformed CSV at line 3/);
  await assert.rejects(profileTableFiles([await tempFile('bad.jsonl', '{"a":1}\n{oops\n')], 'jsonl'), /malformed JSON at line 2/);
  await assert.rejects(profileTableFiles([await tempFile('bad.csv', new Uint8Array([0x61, 0x0a, 0xff, 0x0a]))], 'csv'), /not valid UTF-8/);
  await assert.rejects(profileTableFiles([await tempFile('empty.jsonl', '\n\n')], 'jsonl'), /file is empty/);
  await assert.rejects(profileTableFiles([await tempFile('random.parquet', new Uint8Array(4096).fill(42))], 'parquet'), /malformed Parquet/);
});
