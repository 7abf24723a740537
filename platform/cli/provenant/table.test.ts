import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable } from './table';

test('columns line up two spaces apart and the last one is not padded', () => {
  assert.equal(
    formatTable([
      ['GATE', 'MODEL', 'METRICS'],
      ['a1', 'weather-classifier', 'accuracy 0.8'],
      ['b22', 'iris', ''],
    ]),
    ['GATE  MODEL               METRICS', 'a1    weather-classifier  accuracy 0.8', 'b22   iris'].join('\n'),
  );
});
