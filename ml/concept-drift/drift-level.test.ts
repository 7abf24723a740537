import assert from 'node:assert/strict';
import { test } from 'node:test';
import { driftLevels } from './drift-level';

test('records where warnings begin and where drifts are signalled', () => {
  const run = driftLevels(['NONE', 'WARNING', 'WARNING', 'NONE', 'WARNING', 'DRIFT', 'NONE', 'DRIFT']);
  assert.deepEqual(run.warnings, [1, 4]);
  assert.deepEqual(run.drifts, [5, 7]);
  assert.equal(run.levels.length, 8);
});
