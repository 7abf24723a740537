import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { EntityManager } from 'typeorm';
import { inReadSnapshot } from '../db/db';
import {
  countAnsweredRowsByModel,
  countLabelledPredictions,
  countServedRows,
  forEachLabelledPrediction,
  forEachLoggedFeatures,
  forEachLoggedOutput,
  summarizeCanaryWindow,
  type ChunkedRead,
  type LabelledPrediction,
  type PredictionLogWindow,
} from '../db/prediction-log';
import { startHarness, type Harness } from './support/harness';

const FROM = '2026-03-02T10:00:00.000Z';
const TO = '2026-03-02T11:00:00.000Z';
const VERSION = randomUUID();
const CANARY_VERSION = randomUUID();

interface LoggedRow {
  requestId: string;
  model?: string;
  environment?: string;
  version?: string;
  role: 'stable' | 'canary' | 'shadow' | 'pinned';
  at: string;
  /** A failed row has no output. */
  failed?: boolean;
  label?: string;
}

/**
 * One of each kind of row around the window [FROM, TO) of model `m` in STAGING; the
 * comments say which readers take it.
 */
const ROWS: LoggedRow[] = [
  // At the window's inclusive start: every reader.
  { requestId: 'at-start', role: 'stable', at: FROM, label: 'sun' },
  // The canary's answer: every reader but those of the scanned version alone.
  { requestId: 'canary', version: CANARY_VERSION, role: 'canary', at: '2026-03-02T10:10:00.000Z', label: 'rain' },
  // A shadow copy of the first request: no reader, it was never served.
  { requestId: 'at-start', version: CANARY_VERSION, role: 'shadow', at: '2026-03-02T10:00:00.500Z' },
  // Named its version in the URL: served, but no part of the canary's split.
  { requestId: 'pinned', role: 'pinned', at: '2026-03-02T10:20:00.000Z' },
  // Failed to score: served (its features arrived), never answered.
  { requestId: 'failed', role: 'stable', at: '2026-03-02T10:30:00.000Z', failed: true },
  // Before the window: only concept drift, which follows the version's whole history.
  { requestId: 'before', role: 'stable', at: '2026-03-02T09:00:00.000Z', label: 'sun' },
  // At the window's exclusive end: only the canary, whose window runs up to now.
  { requestId: 'at-end', role: 'stable', at: TO },
  // Another environment, another model: only the scorecard, which counts every model everywhere.
  { requestId: 'production', environment: 'PRODUCTION', role: 'stable', at: '2026-03-02T10:40:00.000Z' },
  { requestId: 'other-model', model: 'n', role: 'stable', at: '2026-03-02T10:50:00.000Z' },
];

/** A cursor read without an activity to keep alive. */
const read: ChunkedRead = { fetchRows: 2, whileWaiting: (work) => work, rowsRead: () => undefined };

describe('the prediction-log window: one condition, read alike by every analysis', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
    for (const row of ROWS) {
      await harness.dataSource.query(
        `INSERT INTO prediction_log (request_id, row_index, model_name, environment, model_version_id, role, features, output, error, latency_ms, logged_at)
         VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, 1, $9)`,
        [
          row.requestId,
          row.model ?? 'm',
          row.environment ?? 'STAGING',
          row.version ?? VERSION,
          row.role,
          JSON.stringify({ x: 1 }),
          row.failed ? null : JSON.stringify({ label: 'sun' }),
          row.failed ? 'scoring failed' : null,
          row.at,
        ],
      );
      if (row.label) {
        await harness.dataSource.query(`INSERT INTO ground_truth (model_name, request_id, row_index, label, recorded_by) VALUES ($1, $2, 0, $3, 'window-test') ON CONFLICT DO NOTHING`, [
          row.model ?? 'm',
          row.requestId,
          JSON.stringify(row.label),
        ]);
      }
    }
  });
  after(async () => {
    await harness?.close();
  });

  /** The window a drift scan of `m` in STAGING reads, of every version (input drift) or of the scanned one. */
  const scanWindow = (modelVersionId: string | null): PredictionLogWindow => ({ modelName: 'm', environment: 'STAGING', modelVersionId, from: FROM, to: TO });

  const readAll = <Row>(forEach: (snapshot: EntityManager, onChunk: (rows: Row[]) => void) => Promise<number>) =>
    inReadSnapshot(harness.dataSource, async (snapshot) => {
      const rows: Row[] = [];
      await forEach(snapshot, (chunk) => rows.push(...chunk));
      return rows;
    });

  test('a drift scan samples what was served, failed rows included, shadow copies and other versions’ canaries aside as the statistic needs', async () => {
    // The plan's sample size and the column drift's rows: every version, failed rows too.
    assert.equal(await countServedRows(harness.dataSource, scanWindow(null)), 4);
    const features = await readAll((snapshot, onChunk) => forEachLoggedFeatures(snapshot, scanWindow(null), [{ name: 'x', kind: 'numeric' }], read, onChunk));
    assert.equal(features.length, 4);
    // Prediction drift: only the scanned version's answers.
    const outputs = await readAll((snapshot, onChunk) => forEachLoggedOutput(snapshot, scanWindow(VERSION), 'CLASSIFICATION', read, onChunk));
    assert.deepEqual(outputs, [{ output: 'sun' }, { output: 'sun' }], 'the stable and the pinned answer of the scanned version');
  });

  test('concept drift follows the scanned version’s labelled answers from its first, up to the window’s end', async () => {
    const window: PredictionLogWindow = { ...scanWindow(VERSION), from: null };
    assert.equal(await countLabelledPredictions(harness.dataSource, window, 'CLASSIFICATION'), 2);
    const labelled = await readAll<LabelledPrediction>((snapshot, onChunk) => forEachLabelledPrediction(snapshot, window, 'CLASSIFICATION', read, onChunk));
    assert.deepEqual(
      labelled.map((row) => [row.logged_at.toISOString(), row.value]),
      [
        ['2026-03-02T09:00:00.000Z', false],
        [FROM, false],
      ],
    );
  });

  test('a canary step compares the two sides of the split from when its weight took effect', async () => {
    const { requests, predictions } = await summarizeCanaryWindow(harness.dataSource, { modelName: 'm', environment: 'STAGING', modelVersionId: null, from: FROM, to: null });
    assert.deepEqual(
      requests.map(({ role, requests: count, errors }) => [role, count, errors]).sort(),
      [
        ['canary', 1, 0],
        ['stable', 3, 1],
      ],
    );
    assert.deepEqual(
      predictions.map(({ role, bucket, count }) => [role, bucket, count]).sort(),
      [
        ['canary', 'sun', 1],
        ['stable', 'sun', 2],
      ],
    );
  });

  test('the maturity scorecard counts every model’s answered rows in every environment, and which have ground truth', async () => {
    assert.deepEqual(await countAnsweredRowsByModel(harness.dataSource, { modelName: null, environment: null, modelVersionId: null, from: FROM, to: TO }), [
      { modelName: 'm', predictions: 4, labelled: 2 },
      { modelName: 'n', predictions: 1, labelled: 0 },
    ]);
  });
});
