import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProvenantError } from '../../domain/errors';
import { MAX_COMMAND_ARGUMENTS, MAX_TRAINER_TIMEOUT_SECONDS, checkTrainerDefinition, type TrainerDefinition } from './trainer-definition';

const valid: TrainerDefinition = { name: 'py-linear_2.0', command: ['python3', '/opt/train.py', '--fast'], timeoutSeconds: 600 };

function refusal(change: Partial<TrainerDefinition>): { field?: string; message: string } {
  try {
    checkTrainerDefinition({ ...valid, ...change });
  } catch (error) {
    assert.ok(error instanceof ProvenantError && error.code === 'BAD_USER_INPUT', String(error));
    return { field: error.field, message: error.message };
  }
  assert.fail(`expected ${JSON.stringify(change)} to be refused`);
}

test('accepts a program name or an absolute path with arguments', () => {
  assert.deepEqual(checkTrainerDefinition(valid), valid);
  assert.deepEqual(checkTrainerDefinition({ ...valid, command: ['/usr/local/bin/train'] }).command, ['/usr/local/bin/train']);
  assert.equal(checkTrainerDefinition({ ...valid, timeoutSeconds: MAX_TRAINER_TIMEOUT_SECONDS }).timeoutSeconds, MAX_TRAINER_TIMEOUT_SECONDS);
});

test('the builtin: prefix is reserved', () => {
  assert.deepEqual(refusal({ name: 'builtin:linear' }), {
    field: 'input.name',
    message: 'input.name: the prefix "builtin:" is reserved for built-in trainers',
  });
});

test('names are lower-case, start with a letter or digit and are at most 100 characters', () => {
  for (const name of ['', 'Upper', '-dash', 'has space', 'a/b', 'x'.repeat(101)]) {
    const { field, message } = refusal({ name });
    assert.equal(field, 'input.name');
    assert.match(message, /lower-case letters, digits/);
  }
});

test('commands are argv with an absolute or bare program and bounded arguments', () => {
  assert.deepEqual(refusal({ command: [] }), { field: 'input.command', message: 'input.command: must name a program to run' });
  for (const program of ['./train.sh', 'bin/train', '/opt/../etc/train', 'python3 train.py', '~/train']) {
    assert.equal(refusal({ command: [program] }).field, 'input.command[0]', program);
  }
  assert.equal(refusal({ command: ['python3', ''] }).field, 'input.command[1]');
  assert.equal(refusal({ command: ['python3', 'a\0b'] }).field, 'input.command[1]');
  assert.equal(refusal({ command: ['python3', 'x'.repeat(4097)] }).field, 'input.command[1]');
  assert.match(refusal({ command: Array(MAX_COMMAND_ARGUMENTS + 1).fill('x') }).message, /at most 64/);
});

test('the timeout is a whole number of seconds up to a day', () => {
  for (const timeoutSeconds of [0, -1, 1.5, MAX_TRAINER_TIMEOUT_SECONDS + 1]) {
    assert.equal(refusal({ timeoutSeconds }).field, 'input.timeoutSeconds', String(timeoutSeconds));
  }
});
