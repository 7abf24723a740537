import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { PredictionLogRow } from '../db/prediction-log';
import { PredictionLogWriter } from './prediction-log-writer';

const silent = pino({ level: 'silent' });

function row(requestId: string): PredictionLogRow {
  return {
    requestId,
    rowIndex: 0,
    modelName: 'm',
    environment: 'STAGING',
    modelVersionId: '00000000-0000-0000-0000-000000000001',
    role: 'stable',
    features: { x: 1 },
    output: { prediction: 2 },
    error: null,
    latencyMs: 1,
    loggedAt: new Date(),
  };
}

/** Records the request ids of every INSERT; fails while `down` is true. */
function fakeDatabase() {
  const state = { down: false, inserted: [] as string[][], attempts: 0 };
  const dataSource = {
    async query(sql: string, parameters: unknown[]) {
      state.attempts++;
      if (state.down) throw new Error('connection refused');
      assert.match(sql, /^INSERT INTO prediction_log \(.+\) VALUES .+ ON CONFLICT DO NOTHING$/);
      state.inserted.push(parameters.filter((_, i) => i % 11 === 0) as string[]);
      return [];
    },
  } as unknown as DataSource;
  return { state, dataSource };
}

test('rows go out in multi-row batches, and close writes what is left', async () => {
  const { state, dataSource } = fakeDatabase();
  const writer = new PredictionLogWriter({ dataSource, logger: silent, onDropped: () => assert.fail('nothing is dropped'), flushIntervalMs: 60_000, batchRows: 3 });
  writer.append(['a', 'b', 'c', 'd'].map(row));
  writer.append([row('e')]);
  await writer.close();
  assert.deepEqual(state.inserted.flat(), ['a', 'b', 'c', 'd', 'e']);
  assert.ok(state.inserted.every((batch) => batch.length <= 3));
  assert.equal(writer.bufferedRows, 0);
});

test('a failed flush is retried without losing or repeating rows', async () => {
  const { state, dataSource } = fakeDatabase();
  const writer = new PredictionLogWriter({ dataSource, logger: silent, onDropped: () => assert.fail('nothing is dropped'), flushIntervalMs: 5, batchRows: 2 });
  state.down = true;
  writer.append(['a', 'b', 'c'].map(row));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(state.attempts >= 1);
  assert.equal(writer.bufferedRows, 3);
  state.down = false;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(state.inserted.flat(), ['a', 'b', 'c']);
  await writer.close();
});

test('while Postgres is away the buffer stays bounded: the oldest rows are dropped and counted', async () => {
  const { state, dataSource } = fakeDatabase();
  let dropped = 0;
  const writer = new PredictionLogWriter({
    dataSource,
    logger: silent,
    onDropped: (rows) => (dropped += rows),
    flushIntervalMs: 60_000,
    batchRows: 100,
    maxBufferedRows: 4,
  });
  state.down = true;
  writer.append(['a', 'b', 'c'].map(row));
  writer.append(['d', 'e', 'f'].map(row));
  assert.equal(dropped, 2);
  assert.equal(writer.bufferedRows, 4);
  state.down = false;
  await writer.close();
  assert.deepEqual(state.inserted.flat(), ['c', 'd', 'e', 'f']);
});
