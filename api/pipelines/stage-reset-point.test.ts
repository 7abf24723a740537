import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../platform/config';
import { stageResetEventId } from './stage-reset-point';

/** Real histories, recorded by `npm run replay:capture`. */
const HISTORIES = path.join(REPO_ROOT, 'test', 'fixtures', 'histories', '2026-11-23-e9dc56d');
const history = async (file: string) => historyFromJSON(JSON.parse(await readFile(path.join(HISTORIES, file), 'utf8')).history);

test('resets to the workflow task that began the stage, before its first activity was scheduled', async () => {
  // The run's validate stage began in its first task (events 2-4); its activities came after.
  const failed = await history('modelPipelineWorkflow.failed.json');
  assert.equal(stageResetEventId(failed, 'validate')?.toNumber(), 4);

  // A run that got as far as its approval gate: each stage begins in a later task.
  const completed = await history('modelPipelineWorkflow.completed.json');
  const resetPoints = (['validate', 'train', 'evaluate', 'register', 'approve'] as const).map((stage) => stageResetEventId(completed, stage)?.toNumber());
  assert.deepEqual(resetPoints, [4, 30, 48, 68, 86]);
  for (const eventId of resetPoints) {
    const event = completed.events!.find((e) => e.eventId?.toNumber() === eventId)!;
    assert.ok(event.workflowTaskCompletedEventAttributes, `event ${eventId} is a WorkflowTaskCompleted`);
  }
});

test('a stage that never began has no reset point', async () => {
  const failed = await history('modelPipelineWorkflow.failed.json');
  assert.equal(stageResetEventId(failed, 'train'), null);
  // tune was SKIPPED, never RUNNING.
  assert.equal(stageResetEventId(await history('modelPipelineWorkflow.completed.json'), 'tune'), null);
});
