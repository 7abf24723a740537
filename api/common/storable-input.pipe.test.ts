import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStorable, MAX_INPUT_DEPTH, StorableInputPipe } from './storable-input.pipe';

test('a NUL anywhere is refused, naming where it is', () => {
  assert.throws(() => checkStorable('a\u0000b', 'name'), /^ProvenantError: name: must not contain a NUL character$/);
  assert.throws(
    () => checkStorable({ deploy: { approvers: ['ann', 'b\u0000b'] } }, 'input'),
    (error: { field?: string }) => error.field === 'input.deploy.approvers[1]',
  );
  assert.throws(() => checkStorable({ space: { 'l2\u0000': [1] } }, 'input'), /^ProvenantError: input\.space: must not have a key with a NUL character$/);
});

test('nesting is bounded, however deep the value goes', () => {
  const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
  assert.doesNotThrow(() => checkStorable(nested(MAX_INPUT_DEPTH), 'label'));
  assert.throws(() => checkStorable(nested(MAX_INPUT_DEPTH + 1), 'label'), new RegExp(`is nested more than ${MAX_INPUT_DEPTH} levels deep`));
  assert.throws(() => checkStorable(nested(100_000), 'label'), /is nested more than/);
});

test('ordinary input passes unchanged; unnamed parameters (the principal, a parent) are not walked', () => {
  const pipe = new StorableInputPipe();
  const input = { modelName: 'weather', features: ['a', 'b'], hyperparameters: { l2: 0.1 }, version: 3, enabled: true, seed: null };
  assert.equal(pipe.transform(input, { type: 'body', data: 'input' }), input);
  const principal = { name: 'odd\u0000name' };
  assert.equal(pipe.transform(principal, { type: 'custom', data: undefined }), principal);
});
