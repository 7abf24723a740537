import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import * as workflows from '../workflows';
import { FIXTURES } from './support/harness';

const HISTORIES = path.join(FIXTURES, 'histories');

interface Fixture {
  file: string;
  workflowId: string;
  workflowType: string;
  history: ReturnType<typeof historyFromJSON>;
}

async function fixtures(): Promise<Fixture[]> {
  const entries = await readdir(HISTORIES, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(
    files.sort().map(async (file) => {
      const { workflowId, history } = JSON.parse(await readFile(file, 'utf8')) as { workflowId: string; history: unknown };
      return { file: path.relative(HISTORIES, file), workflowId, workflowType: path.basename(file).split('.')[0], history: historyFromJSON(history) };
    }),
  );
}

/** Each fixture's replay error (undefined when it replays), by fixture file. */
async function replay(workflowsPath: string, histories: Fixture[]): Promise<Map<string, Error | undefined>> {
  const fileOf = new Map(histories.map((fixture) => [fixture.workflowId, fixture.file]));
  const results = new Map<string, Error | undefined>();
  const iterable = histories.map((fixture) => ({ workflowId: fixture.workflowId, history: fixture.history }));
  for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: 'replay-test' }, iterable)) results.set(fileOf.get(result.workflowId)!, result.error);
  return results;
}

/**
 * Histories recorded from real runs (`npm run replay:capture`) must replay against today's
 * workflow code: a change that would make running workflows non-deterministic fails here,
 * before it reaches a worker.
 */
describe('replay: recorded histories of every workflow type', () => {
  test('every workflow type has recorded histories, and all of them replay on the current code', async () => {
    const all = await fixtures();
    const recorded = new Set(all.map((fixture) => fixture.workflowType));
    for (const type of Object.keys(workflows)) assert.ok(recorded.has(type), `no recorded history of ${type}: run npm run replay:capture and commit the result`);
    const results = await replay(require.resolve('../workflows'), all);
    assert.equal(results.size, all.length);
    for (const [file, error] of results) assert.equal(error, undefined, `${file} no longer replays: ${error?.message}`);
  });

  test('the guard catches a non-deterministic change to the pipeline', async () => {
    const pipelines = (await fixtures()).filter((fixture) => fixture.workflowType === 'modelPipelineWorkflow');
    assert.ok(pipelines.length > 0);
    const results = await replay(require.resolve('./fixtures/nondeterministic/workflows'), pipelines);
    for (const [file, error] of results) {
      assert.ok(error instanceof DeterminismViolationError, `${file}: expected a determinism violation, got ${error}`);
      assert.match(error.message, /Nondeterminism|doesn't match|does not match/i);
    }
  });
});
