import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProvenantError } from '../../domain/errors';
import { auditExportRange, auditExportUrl } from './audit-export-request';

const NOW = new Date('2026-05-01T12:00:00.000Z');

function refusal(run: () => unknown): { field: string | undefined; message: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ProvenantError && error.code === 'BAD_USER_INPUT', String(error));
    return { field: error.field, message: error.message };
  }
  assert.fail('expected a refusal');
}

test('dates are midnight UTC; times need a zone; offsets are honoured; until defaults to now', () => {
  assert.deepEqual(auditExportRange('2026-04-30', undefined, NOW), { since: new Date('2026-04-30T00:00:00Z'), until: NOW });
  assert.deepEqual(auditExportRange('2026-04-30T09:30:00+02:00', '2026-04-30T10:00Z', NOW), {
    since: new Date('2026-04-30T07:30:00Z'),
    until: new Date('2026-04-30T10:00:00Z'),
  });
  assert.deepEqual(auditExportRange(undefined, '', NOW), { since: null, until: NOW });
  assert.deepEqual(auditExportRange(null, '2026-04-30T00:00:00.123456Z', NOW).until, new Date('2026-04-30T00:00:00.123Z'));
});

test('anything else is refused, naming the parameter', () => {
  for (const since of ['yesterday', '2026-04-30T09:30:00', '2026-02-30', '2026-13-01', '1714521600', '2026-04-30T24:00:00Z', ['2026-04-30', '2026-04-29']]) {
    assert.equal(refusal(() => auditExportRange(since, undefined, NOW)).field, 'since', JSON.stringify(since));
  }
  assert.deepEqual(refusal(() => auditExportRange('2026-04-30', '2026-04-30T00:00:00Z', NOW)), {
    field: 'until',
    message: 'until: must be later than since (2026-04-30T00:00:00.000Z)',
  });
});

test('the link fixes until, so it names the same events when followed later', () => {
  assert.equal(
    auditExportUrl('https://provenant.example', { since: new Date('2026-04-30T00:00:00Z'), until: NOW }),
    'https://provenant.example/audit/export?since=2026-04-30T00%3A00%3A00.000Z&until=2026-05-01T12%3A00%3A00.000Z',
  );
  assert.equal(auditExportUrl('http://127.0.0.1:4000', { since: null, until: NOW }), 'http://127.0.0.1:4000/audit/export?until=2026-05-01T12%3A00%3A00.000Z');
});
