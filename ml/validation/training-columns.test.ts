import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnSchema } from '../../domain/dataset';
import { checkTrainingColumns } from './training-columns';

const schema: ColumnSchema[] = [
  { name: 'x', type: 'number', nullCount: 0, distinctCount: 10 },
  { name: 'flag', type: 'boolean', nullCount: 0, distinctCount: 2 },
  { name: 'city', type: 'string', nullCount: 0, distinctCount: 3, count: 5000 },
  { name: 'airport', type: 'string', nullCount: 0, distinctCount: 229, count: 5000 },
  { name: 'id', type: 'string', nullCount: 0, distinctCount: 5000, count: 5000 },
  { name: 'label', type: 'string', nullCount: 0, distinctCount: 2 },
  { name: 'constant', type: 'number', nullCount: 0, distinctCount: 1 },
  { name: 'empty', type: 'string', nullCount: 9, distinctCount: 0 },
];

test('a sound request has no problems, a feature of 229 categories included', () => {
  assert.deepEqual(checkTrainingColumns(schema, { target: 'label', features: ['x', 'flag', 'city', 'airport'], task: 'CLASSIFICATION' }), []);
});

test('each problem names its field', () => {
  const fields = (target: string, features: string[], task: 'CLASSIFICATION' | 'REGRESSION' = 'CLASSIFICATION') =>
    checkTrainingColumns(schema, { target, features, task }).map((p) => p.field);
  assert.deepEqual(fields('missing', ['x']), ['input.target']);
  assert.deepEqual(fields('constant', ['x']), ['input.target']);
  assert.deepEqual(fields('label', ['x'], 'REGRESSION'), ['input.target']);
  assert.deepEqual(fields('label', []), ['input.features']);
  assert.deepEqual(fields('label', ['x', 'id', 'nope', 'x', 'label', 'empty']), [
    'input.features[1]',
    'input.features[2]',
    'input.features[3]',
    'input.features[4]',
    'input.features[5]',
  ]);
});

test('many categories are fine; a distinct value for most rows is an identifier', () => {
  const [problem] = checkTrainingColumns(schema, { target: 'label', features: ['id'], task: 'CLASSIFICATION' });
  assert.match(problem.message, /"id" is categorical with 5000 distinct values in 5000 rows, more than 50% of them: an identifier/);
});
