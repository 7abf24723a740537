import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayPartitions } from './prediction-log';

test('partitions cover today and the next two UTC days, across a month end', () => {
  assert.deepEqual(dayPartitions(new Date('2026-01-30T23:59:59.999Z')), [
    { name: 'prediction_log_20260130', from: '2026-01-30 00:00:00+00', to: '2026-01-31 00:00:00+00' },
    { name: 'prediction_log_20260131', from: '2026-01-31 00:00:00+00', to: '2026-02-01 00:00:00+00' },
    { name: 'prediction_log_20260201', from: '2026-02-01 00:00:00+00', to: '2026-02-02 00:00:00+00' },
  ]);
});
