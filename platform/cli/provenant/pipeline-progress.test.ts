import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatElapsed, progressBar, progressBlock, progressKey, progressLine, stagesDone, type RunProgress } from './pipeline-progress';

const training: RunProgress = {
  status: 'RUNNING',
  currentStage: 'train',
  stages: [
    { name: 'validate', status: 'SUCCEEDED', attempts: 1 },
    { name: 'tune', status: 'SKIPPED', attempts: 0 },
    { name: 'train', status: 'RUNNING', attempts: 2 },
    { name: 'evaluate', status: 'PENDING', attempts: 0 },
  ],
};

test('stages done are those no longer pending or running', () => {
  assert.equal(stagesDone(training), 2);
});

test('elapsed time reads m:ss, and h:mm:ss past an hour', () => {
  assert.equal(formatElapsed(0), '0:00');
  assert.equal(formatElapsed(42_999), '0:42');
  assert.equal(formatElapsed(61_000), '1:01');
  assert.equal(formatElapsed(3_723_000), '1:02:03');
  assert.equal(formatElapsed(-5_000), '0:00', 'a clock a little behind the server never shows negative time');
});

test('the bar fills with the share of stages done and names the current stage and its retry', () => {
  assert.equal(progressBar(training, 42_000, 8), '[████░░░░] 2/4 stages  train RUNNING (attempt 2)  RUNNING  0:42');
  assert.equal(progressLine(training, 42_000), '0:42 RUNNING 2/4 stages done, train RUNNING (attempt 2)');
});

test('a new line is due when a status or an attempt changes, not when only time passes', () => {
  const retried = { ...training, stages: training.stages.map((stage) => (stage.name === 'train' ? { ...stage, attempts: 3 } : stage)) };
  assert.equal(progressKey(training), progressKey({ ...training, stages: [...training.stages] }));
  assert.notEqual(progressKey(training), progressKey(retried));
  assert.notEqual(progressKey(training), progressKey({ ...training, status: 'FAILED' }));
});

test('the block a terminal redraws shows the bar and every stage with its mark and retries', () => {
  assert.deepEqual(progressBlock(training, 42_000), [
    '[██████████░░░░░░░░░░] 2/4 stages  train RUNNING (attempt 2)  RUNNING  0:42',
    '  ✓ validate  SUCCEEDED',
    '  - tune      SKIPPED',
    '  ▸ train     RUNNING (attempt 2)',
    '  · evaluate  PENDING',
  ]);
});
