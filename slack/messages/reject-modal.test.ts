import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REJECT_MODAL_CALLBACK, rejectCommentOf, rejectContextOf, rejectModal } from './reject-modal';

const REJECTING = { gateId: 'gate-1', channel: 'C0APPROVALS', messageTs: '1700000000.000001' };

test('the reject modal asks for a required multi-line reason and carries where it came from', () => {
  const view = rejectModal(REJECTING);
  assert.equal(view.callback_id, REJECT_MODAL_CALLBACK);
  assert.deepEqual(rejectContextOf(view.private_metadata), REJECTING);
  const input = view.blocks.find((block) => block.type === 'input') as unknown as { optional?: boolean; element: Record<string, unknown> };
  assert.equal(input.optional, undefined, 'input blocks are required unless optional');
  assert.equal(input.element.type, 'plain_text_input');
  assert.equal(input.element.multiline, true);
  assert.ok(view.title.text.length <= 24 && view.submit.text.length <= 24);
});

test('reads the submitted comment back from the view state', () => {
  const view = rejectModal(REJECTING);
  const input = view.blocks.find((block) => block.type === 'input') as unknown as { block_id: string; element: { action_id: string } };
  const values = { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: 'drift on wind' } } };
  assert.equal(rejectCommentOf(values), 'drift on wind');
  assert.equal(rejectCommentOf({}), null);
  assert.equal(rejectCommentOf(undefined), null);
});

test('metadata this app did not write is not a reject context', () => {
  assert.equal(rejectContextOf('not json'), null);
  assert.equal(rejectContextOf(JSON.stringify({ gateId: 'gate-1' })), null);
  assert.equal(rejectContextOf('null'), null);
});
