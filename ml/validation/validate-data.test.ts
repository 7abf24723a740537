import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../platform/config';
import { trainTestSplit } from '../split/train-test-split';
import { completeRows } from '../tabular/numeric-columns';
import { parseTable } from '../tabular/parse-table';
import type { TypedTable } from '../tabular/table';
import { classBalanceCheck, leakageScore, splitOverlapCheck } from './target-checks';
import { describeFailures, validateData } from './validate-data';

const csv = (text: string) => parseTable(new TextEncoder().encode(text), 'csv');
const weather = () => parseTable(readFileSync(path.join(REPO_ROOT, 'sample-data', 'seattle-weather.csv')), 'csv');

function trainingOn(table: TypedTable, target: string, features: string[]) {
  const rows = completeRows(table, [target, ...features]);
  return { target, features, task: 'CLASSIFICATION' as const, rows, split: trainTestSplit(rows.length, { testFraction: 0.2, seed: 42 }) };
}

test('leakage score: 1 for a copy of the label, 0 for a constant, |r| for regression', () => {
  const labels = ['a', 'b', 'a', 'c', 'b', 'a'];
  assert.equal(leakageScore(labels, labels, 'CLASSIFICATION'), 1);
  assert.equal(leakageScore([1, 1, 1, 1, 1, 1], labels, 'CLASSIFICATION'), 0);
  // Majority per group: x=0 → a (2 of 3), x=1 → b (1 of 3 tie broken by count) — 3 of 6 correct, baseline 3/6.
  assert.equal(leakageScore([0, 0, 0, 1, 1, 1], labels, 'CLASSIFICATION'), 0);
  assert.ok(Math.abs(leakageScore([1, 2, 3, 4], [2, 4, 6, 8.5], 'REGRESSION') - 0.9988) < 1e-3);
});

test('class balance: share of the rarest class; a single-row class fails', () => {
  assert.equal(classBalanceCheck('y', ['a', 'a', 'a', 'b', 'b']).status, 'PASS');
  const rare = classBalanceCheck('y', [...Array(99).fill('a'), 'b', 'b']);
  assert.deepEqual([rare.status, rare.observed], ['WARN', 0.019802]);
  assert.equal(classBalanceCheck('y', ['a', 'a', 'b']).status, 'FAIL');
});

test('train/test overlap counts identical rows on both sides', () => {
  const keys = ['x', 'y', 'x', 'z'];
  const check = splitOverlapCheck(keys, Uint32Array.of(0, 1), Uint32Array.of(2, 3));
  assert.deepEqual([check.status, check.observed], ['FAIL', 0.5]);
});

test('data contract: type, nulls, range, allowed values, uniqueness', () => {
  const table = csv('id,size,colour\n1,5,red\n2,,blue\n2,12,green\n');
  const result = validateData({
    table,
    expectations: [
      { column: 'id', type: 'number', unique: true },
      { column: 'size', nullable: false, min: 0, max: 10 },
      { column: 'colour', allowedValues: ['red', 'blue'] },
      { column: 'weight' },
    ],
  });
  const statuses = Object.fromEntries(result.checks.filter((c) => c.name.startsWith('expectation')).map((c) => [`${c.name}:${c.column}`, c.status]));
  assert.deepEqual(statuses, {
    'expectation.type:id': 'PASS',
    'expectation.unique:id': 'FAIL',
    'expectation.not_null:size': 'FAIL',
    'expectation.min:size': 'PASS',
    'expectation.max:size': 'FAIL',
    'expectation.allowed_values:colour': 'FAIL',
    'expectation.present:weight': 'FAIL',
  });
  assert.equal(result.status, 'FAIL');
  assert.match(describeFailures(result), /expectation\.max \(size\): column "size" 1 values are above 10/);
});

test('seattle-weather passes with WARNs: a rare "snow" class and a few repeated days', () => {
  const table = weather();
  const result = validateData({ table, expectations: [], training: trainingOn(table, 'weather', ['precipitation', 'temp_max', 'temp_min', 'wind']) });
  assert.equal(result.status, 'WARN');
  const warnings = result.checks.filter((c) => c.status !== 'PASS');
  assert.deepEqual(
    warnings.map((c) => [c.name, c.column, c.observed]),
    [['class_balance', 'weather', 0.017796], ['train_test_overlap', null, 0.010274]],
  );
  const leakage = result.checks.filter((c) => c.name === 'label_leakage');
  assert.equal(leakage.length, 4);
  // Rain days have precipitation, so it is informative, but far from a copy of the label.
  assert.deepEqual(leakage.map((c) => [c.column, c.observed]), [['precipitation', 0.726829], ['temp_max', 0.373171], ['temp_min', 0.271951], ['wind', 0.192683]]);
});

test('a feature that encodes the label fails the leakage check; the date, a value per row, is an identifier', () => {
  const base = weather();
  const codes = ['drizzle', 'fog', 'rain', 'snow', 'sun'];
  const leaked = {
    ...base,
    columnNames: [...base.columnNames, 'weather_code'],
    columns: [...base.columns, base.columns[5].map((label) => codes.indexOf(String(label)))],
    schema: [...base.schema, { name: 'weather_code', type: 'number' as const, nullCount: 0, distinctCount: 5 }],
  };
  const result = validateData({ table: leaked, expectations: [], training: trainingOn(leaked, 'weather', ['wind', 'weather_code', 'date']) });
  assert.equal(result.status, 'FAIL');
  const byColumn = Object.fromEntries(result.checks.filter((c) => c.name === 'label_leakage' || c.name === 'feature_usable').map((c) => [c.column, c.status]));
  assert.deepEqual(byColumn, { wind: 'PASS', weather_code: 'FAIL', date: 'FAIL' });
  assert.match(describeFailures(result), /label_leakage \(weather_code\): column "weather_code" alone predicts the target almost perfectly/);
});
