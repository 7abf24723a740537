import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProvenantError } from '../../domain/errors';
import { catchupWindowMs, driftScheduleId, scheduledScanWorkflowId, scheduleTiming } from './drift-schedule-spec';

function refusal(run: () => unknown): { field?: string; message: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ProvenantError);
    assert.equal(error.code, 'BAD_USER_INPUT');
    return { field: error.field, message: error.message };
  }
  assert.fail('expected a refusal');
}

test('a schedule fires on exactly one of an interval of at least 1s and a cron expression', () => {
  assert.deepEqual(scheduleTiming('1h', null), { every: '1h', intervalMs: 3_600_000, cron: null });
  assert.deepEqual(scheduleTiming(undefined, ' 0 * * * * '), { every: null, intervalMs: null, cron: '0 * * * *' });
  assert.deepEqual(scheduleTiming('1s', undefined), { every: '1s', intervalMs: 1000, cron: null });
  assert.equal(refusal(() => scheduleTiming('1h', '0 * * * *')).field, 'input.every');
  assert.equal(refusal(() => scheduleTiming(null, null)).field, 'input.every');
  assert.match(refusal(() => scheduleTiming('500ms', null)).message, /at least 1s/);
  assert.match(refusal(() => scheduleTiming('hourly', null)).message, /duration like/);
  assert.equal(refusal(() => scheduleTiming(null, '  ')).field, 'input.cron');
});

test('the catch-up window is one interval, between 10 s and 1 h; cron expressions get the hour', () => {
  assert.equal(catchupWindowMs(scheduleTiming('1s', null)), 10_000);
  assert.equal(catchupWindowMs(scheduleTiming('5m', null)), 300_000);
  assert.equal(catchupWindowMs(scheduleTiming('1d', null)), 3_600_000);
  assert.equal(catchupWindowMs(scheduleTiming(null, '*/5 * * * *')), 3_600_000);
});

test('schedule ids and scheduled workflow ids name the model and environment', () => {
  assert.equal(driftScheduleId('provenant', 'weather.v2', 'STAGING'), 'provenant.drift.weather.v2.STAGING');
  assert.equal(driftScheduleId('p', 'a b/c', 'PRODUCTION'), 'p.drift.a_b_c.PRODUCTION');
  assert.equal(scheduledScanWorkflowId('weather', 'PRODUCTION'), 'drift-scan:weather:PRODUCTION:scheduled');
});
