import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateReminder } from './gate-reminder';
import { OPEN_GATE } from './open-gate.fixture';

test('a reminder names what is missing, the deadline, and the approvers (mentioned where linked)', () => {
  const gate = {
    ...OPEN_GATE,
    approvers: ['ann', 'bob'],
    decisions: [{ actor: 'ann', decision: 'APPROVE' as const, comment: null, channel: 'slack' as const, decidedAt: '2026-11-23T12:00:00.000Z' }],
  };
  const { text } = gateReminder(gate, { ann: 'U0ANN' }, 'https://provenant.example');
  assert.ok(text.startsWith(':alarm_clock: Reminder: *weather* v3 → *PRODUCTION* still needs 1 approval (1 of 2 so far)'), text);
  assert.ok(text.includes('<!date^1795521600^'), text);
  assert.ok(text.includes('Who may decide: <@U0ANN>, *bob*.'), text);
  assert.ok(text.includes('workflow `pipeline:weather:abc:approval:PRODUCTION`'), text);
});

test('a gate without named approvers reminds the approver roles', () => {
  const { text } = gateReminder(OPEN_GATE, {}, 'https://provenant.example');
  assert.ok(text.includes('still needs 2 approvals (0 of 2 so far)'), text);
  assert.ok(text.includes('anyone with the approver or admin role'), text);
});
