import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { PipelineCompletion } from '../activities/pipeline-progress.activities';
import { createLogger } from '../platform/logger';
import { observeActivities } from './activity-observer';
import { createWorkerMetrics } from './worker-metrics';

const RUN = { workflowId: 'pipeline:weather-classifier:0a1b2c', runId: '5f0e6a8c-run' };

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) });
  log.level = 'info';
  return { log, lines };
}

function environment(activityType: string, metrics = createWorkerMetrics()) {
  const env = new MockActivityEnvironment(
    { activityType, taskQueue: 'provenant.training', workflowExecution: RUN },
    // The SDK's own warning for each failed attempt would only clutter the test output.
    { interceptors: [observeActivities(metrics)], logger: new DefaultLogger('ERROR') },
  );
  return { env, metrics };
}

test('log lines written inside an activity carry its workflow run, activity type and model name', async () => {
  const { log, lines } = capturedLogger();
  const { env } = environment('trainModel');
  await env.run(async (input: { modelName: string }) => log.info({ trialIndex: 0 }, `trained ${input.modelName}`), { modelName: 'weather-classifier' });
  log.info('outside any activity');

  assert.equal(lines.length, 2);
  assert.deepEqual(
    { workflowId: lines[0].workflowId, runId: lines[0].runId, activityType: lines[0].activityType, modelName: lines[0].modelName, trialIndex: lines[0].trialIndex },
    { ...RUN, activityType: 'trainModel', modelName: 'weather-classifier', trialIndex: 0 },
  );
  assert.equal(lines[0].msg, 'trained weather-classifier');
  assert.equal(lines[1].workflowId, undefined);
  assert.equal(lines[1].activityType, undefined);
});

test('an input without a model name logs the run and type only', async () => {
  const { log, lines } = capturedLogger();
  const { env } = environment('recordStage');
  await env.run(async () => log.info('stage recorded'), { workflowId: RUN.workflowId, stage: 'train', status: 'RUNNING' });
  assert.equal(lines[0].activityType, 'recordStage');
  assert.equal(lines[0].workflowId, RUN.workflowId);
  assert.equal('modelName' in lines[0], false);
});

test('durations are observed by type, queue and outcome; completePipeline counts the run by its final status', async () => {
  const metrics = createWorkerMetrics();
  const completion: PipelineCompletion = { workflowId: RUN.workflowId, status: 'QUALITY_CHECKS_FAILED', error: 'quality checks failed' };
  await environment('completePipeline', metrics).env.run(async () => undefined, completion);
  await assert.rejects(
    environment('completePipeline', metrics).env.run(async () => {
      throw new Error('connection reset');
    }, completion),
    /connection reset/,
  );
  await assert.rejects(
    environment('trainModel', metrics).env.run(async () => {
      throw new CancelledFailure('cancelled by the workflow');
    }),
    CancelledFailure,
  );

  const text = await metrics.registry.metrics();
  const count = (labels: string) => Number(new RegExp(`^provenant_activity_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1]);
  assert.equal(count('activity_type="completePipeline",task_queue="provenant.training",outcome="completed"'), 1);
  assert.equal(count('activity_type="completePipeline",task_queue="provenant.training",outcome="failed"'), 1);
  assert.equal(count('activity_type="trainModel",task_queue="provenant.training",outcome="cancelled"'), 1);
  // The failed attempt finished nothing: only the completed one counts.
  assert.match(text, /^provenant_pipeline_runs_finished_total\{status="QUALITY_CHECKS_FAILED"\} 1$/m);
  assert.match(text, /^process_cpu_user_seconds_total /m);
});
