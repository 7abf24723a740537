import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SlackBlock } from './block-kit';
import { GATE_ACTIONS, formatNumber, gateMessage } from './gate-message';
import { OPEN_GATE } from './open-gate.fixture';


const textOf = (blocks: SlackBlock[]) => JSON.stringify(blocks);
const actionsOf = (blocks: SlackBlock[]) => blocks.find((block) => block.type === 'actions') as { elements: Record<string, unknown>[] } | undefined;

test('an open gate shows the evidence and Approve / Reject buttons carrying the gate id', () => {
  const message = gateMessage(OPEN_GATE, 'https://provenant.example');
  assert.equal(message.text, 'Approval needed: weather v3 → PRODUCTION (0 of 2 approvals)');
  const text = textOf(message.blocks);
  for (const expected of [
    'Approval needed: weather v3 → PRODUCTION',
    'Requested by *eng*',
    '0 of 2',
    '<!date^1795521600^{date_short_pretty} {time}|2026-11-24T12:00:00.000Z>',
    'anyone with the approver or admin role',
    'PASSED',
    'vs champion v2',
    'accuracy: *0.9123* (champion 0.9, +0.01234)',
    'macroF1: *0.8*',
    ':white_check_mark: *accuracy &gt;= 0.85*: accuracy 0.9123 &gt;= 0.85',
    '<https://provenant.example/graphql?query=lineage|Evidence and lineage>',
  ]) {
    assert.ok(text.includes(expected), `missing ${expected} in ${text}`);
  }
  const buttons = actionsOf(message.blocks)!.elements;
  assert.deepEqual(
    buttons.map((button) => [button.action_id, button.value, button.style]),
    [
      [GATE_ACTIONS.approve, OPEN_GATE.gateId, 'primary'],
      [GATE_ACTIONS.reject, OPEN_GATE.gateId, 'danger'],
    ],
  );
});

test('without a lineage link the evidence points at the web UI', () => {
  const message = gateMessage({ ...OPEN_GATE, evidence: { ...OPEN_GATE.evidence!, lineageUrl: null, championVersion: null, championMetrics: null } }, 'http://127.0.0.1:4000');
  assert.ok(textOf(message.blocks).includes('<http://127.0.0.1:4000/ui|Evidence and lineage>'));
  assert.ok(textOf(message.blocks).includes('(no champion yet)'));
});

test('after a decision the message names who decided what and keeps the buttons while the gate is open', () => {
  const message = gateMessage(
    { ...OPEN_GATE, decisions: [{ actor: 'ann', decision: 'APPROVE', comment: null, channel: 'slack', decidedAt: '2026-11-23T12:00:00.000Z' }] },
    'https://provenant.example',
  );
  const text = textOf(message.blocks);
  assert.ok(text.includes(':white_check_mark: approved by *ann*'));
  assert.ok(text.includes('1 of 2'));
  assert.ok(actionsOf(message.blocks));
});

test('a closed gate drops its buttons and says how it ended, with the rejection comment escaped', () => {
  const message = gateMessage(
    {
      ...OPEN_GATE,
      status: 'REJECTED',
      decisions: [{ actor: 'ann', decision: 'REJECT', comment: 'recall <0.5 on "storm" & drizzle', channel: 'graphql', decidedAt: '2026-11-23T12:00:00.000Z' }],
    },
    'https://provenant.example',
  );
  assert.equal(actionsOf(message.blocks), undefined);
  assert.equal(message.text, 'weather v3 → PRODUCTION: :x: rejected');
  const text = textOf(message.blocks);
  assert.ok(text.includes('weather v3 → PRODUCTION: rejected'));
  assert.ok(text.includes(':x: rejected by *ann*'));
  assert.ok(text.includes('recall &lt;0.5 on \\"storm\\" &amp; drizzle'));
  assert.ok(text.includes('*Gate :x: rejected.* Decisions are closed.'));
});

test('numbers keep four significant digits', () => {
  assert.equal(formatNumber(0.912345), '0.9123');
  assert.equal(formatNumber(1234.5678), '1235');
  assert.equal(formatNumber(-0.00012345), '-0.0001234');
  assert.equal(formatNumber(Number.NaN), 'NaN');
});

test('a gate under an approval policy shows the policy as it applied it: version, quorum, who may and may never approve, expiry', () => {
  const governed = {
    ...OPEN_GATE,
    policy: 'two-person-production',
    policyId: '6f1c1d2e-0000-4000-8000-0000000000aa',
    policyVersion: 3,
    approverRoles: ['admin' as const],
    policyApprovers: ['carol'],
    excludedApprovers: ['dave'],
    remindAfterMs: 3_600_000,
    expiresAfterMs: 2 * 86_400_000,
  };
  const policy = gateMessage(governed, 'https://provenant.example').blocks.find((block) => JSON.stringify(block).includes('*Policy*'));
  assert.deepEqual(policy, {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: [
        '*Policy* two-person-production (v3)',
        '• at least 2 approvals',
        '• who may approve: the admin role or carol',
        '• never: dave, nor the requester',
        '• expires after 2d, at <!date^1795521600^{date_short_pretty} {time}|2026-11-24T12:00:00.000Z>',
      ].join('\n'),
    },
  });
  assert.ok(!textOf(gateMessage(OPEN_GATE, 'https://provenant.example').blocks).includes('*Policy*'), 'a gate without a policy names none');
});
