import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnDrift } from '../../domain/drift';
import { DATASET_DRIFT_SHARE, datasetDrift } from './dataset-drift';

const column = (name: string, drifted: boolean): ColumnDrift => ({
  column: name,
  test: 'ks',
  statistic: drifted ? 0.4 : 0.05,
  pValue: drifted ? 0.001 : 0.6,
  threshold: 0.05,
  referenceSize: 100,
  currentSize: 100,
  referenceMissing: 0,
  currentMissing: 0,
  drifted,
  binned: false,
});

test(`the dataset drifts when at least ${DATASET_DRIFT_SHARE * 100}% of its columns do`, () => {
  const half = datasetDrift([column('a', true), column('b', false), column('c', true), column('d', false)]);
  assert.deepEqual([half.numberOfColumns, half.numberOfDriftedColumns, half.driftShare, half.threshold, half.datasetDrift], [4, 2, 0.5, 0.5, true]);
  const third = datasetDrift([column('a', true), column('b', false), column('c', false)]);
  assert.deepEqual([third.driftShare, third.datasetDrift], [1 / 3, false]);
});

test('the share is overridable', () => {
  const result = datasetDrift([column('a', true), column('b', false), column('c', false)], 0.3);
  assert.deepEqual([result.threshold, result.datasetDrift], [0.3, true]);
});

test('no columns, or a share outside (0, 1], is a RangeError', () => {
  assert.throws(() => datasetDrift([]), { name: 'RangeError', message: /^columns is empty/ });
  assert.throws(() => datasetDrift([column('a', true)], 0), { name: 'RangeError', message: /^threshold/ });
  assert.throws(() => datasetDrift([column('a', true)], 1.5), RangeError);
});

test('columns with NOT_ENOUGH_DATA count neither as drifted nor in the share; with none tested there is no dataset drift', () => {
  const untested = { ...column('u', false), status: 'NOT_ENOUGH_DATA' as const };
  const mixed = datasetDrift([{ ...column('a', true), status: 'TESTED' }, untested, untested]);
  assert.deepEqual([mixed.numberOfColumns, mixed.numberOfTestedColumns, mixed.numberOfDriftedColumns, mixed.driftShare, mixed.datasetDrift], [3, 1, 1, 1, true]);
  const none = datasetDrift([untested, untested]);
  assert.deepEqual([none.numberOfTestedColumns, none.driftShare, none.datasetDrift], [0, 0, false]);
  // Results stored before statuses existed were all tested.
  assert.equal(datasetDrift([column('a', true)]).numberOfTestedColumns, 1);
});
