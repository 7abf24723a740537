import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorReply, helpReply, pendingApprovalsReply, pipelineStatusReply } from './command-replies';
import { OPEN_GATE } from './open-gate.fixture';

test('every reply is ephemeral', () => {
  for (const reply of [helpReply(), errorReply('nope'), pendingApprovalsReply([], 'x')]) assert.equal(reply.response_type, 'ephemeral');
});

test('help lists the subcommands; errors are escaped', () => {
  assert.match(helpReply().text, /\/provenant approvals.*\n.*\/provenant status <workflowId>/);
  assert.equal(errorReply('a <b> & c').text, ':warning: a &lt;b&gt; &amp; c');
});

test('the approvals list shows each gate, soonest deadline first', () => {
  const later = { ...OPEN_GATE, gateId: 'g2', workflowId: 'pipeline:later:1', deadline: '2026-12-01T00:00:00.000Z' };
  const reply = pendingApprovalsReply([later, OPEN_GATE], 'https://provenant.example');
  assert.equal(reply.text, '2 approval gates waiting for you; decide from each gate\'s message in the approvals channel.');
  const sections = JSON.stringify(reply.blocks.slice(1));
  assert.ok(sections.indexOf('pipeline:weather:abc') < sections.indexOf('pipeline:later:1'));
  assert.ok(sections.includes('*weather* v3 → *PRODUCTION* · 0 of 2 approvals'));
  assert.equal(pendingApprovalsReply([], 'x').text, 'No approval gates are waiting for you.');
});

test('a long approvals list stays within Slack’s 50 blocks', () => {
  const gates = Array.from({ length: 60 }, (_, index) => ({ ...OPEN_GATE, gateId: `g${index}` }));
  const reply = pendingApprovalsReply(gates, 'x');
  assert.ok(reply.blocks.length <= 50);
  assert.match(JSON.stringify(reply.blocks.at(-1)), /and 20 more/);
});

test('status shows the run, each stage, retries and the error', () => {
  const reply = pipelineStatusReply({
    workflowId: 'pipeline:weather:abc',
    modelName: 'weather',
    status: 'FAILED',
    currentStage: 'train',
    stages: [
      { name: 'validate', status: 'SUCCEEDED', attempts: 1, error: null },
      { name: 'train', status: 'FAILED', attempts: 3, error: 'trainer exited 2' },
      { name: 'approve', status: 'PENDING', attempts: 0, error: null },
    ],
    error: 'train: trainer exited 2',
    modelVersionId: null,
  });
  assert.equal(reply.text, 'weather pipeline pipeline:weather:abc is FAILED');
  const text = JSON.stringify(reply.blocks);
  assert.ok(text.includes(':white_check_mark: validate: succeeded'));
  assert.ok(text.includes(':x: train: failed after 3 attempts: trainer exited 2'));
  assert.ok(text.includes(':white_circle: approve: pending'));
  assert.ok(text.includes(':warning: train: trainer exited 2'));
});
