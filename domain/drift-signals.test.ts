import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnDriftResult, ConceptDriftResult, CurrentSample } from './drift';
import { conceptDriftLevel, conceptDriftsConfirmedInWindow, conceptDriftsInWindow, reportShowsDrift, type DriftEvidence } from './drift-signals';

const WINDOW: CurrentSample = { kind: 'prediction_log', environment: 'PRODUCTION', from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T01:00:00.000Z', rows: 80 };

const CONCEPT: ConceptDriftResult = {
  labelledRows: 300,
  metric: 'error_rate',
  windows: [],
  ddm: { level: 'WARNING', warnings: ['2026-03-01T00:30:00.000Z'], drifts: ['2026-02-28T10:00:00.000Z', '2026-03-01T00:00:00.000Z'] },
  eddm: { level: 'NONE', warnings: [], drifts: ['2026-03-01T01:00:00.000Z'] },
};

const COLUMN: ColumnDriftResult = {
  column: 'wind',
  kind: 'numeric',
  test: 'ks',
  statistic: 0.05,
  pValue: 0.6,
  threshold: 0.05,
  referenceSize: 1000,
  currentSize: 80,
  referenceMissing: 0,
  currentMissing: 0,
  drifted: false,
  binned: false,
  histogram: { kind: 'numeric', edges: [0, 5, 10], reference: [600, 400], current: [50, 30] },
  quality: { column: 'wind', referenceNullShare: 0, currentNullShare: 0, unseenCategories: [], unseenShare: 0, drifted: false },
};

const QUIET: DriftEvidence = { current: WINDOW, datasetDrift: false, columns: [COLUMN], predictionDrift: { ...COLUMN, column: 'prediction' }, conceptDrift: null };

test('the concept drift level is the worse of the two detectors, null when neither ran', () => {
  assert.equal(conceptDriftLevel(CONCEPT), 'WARNING');
  assert.equal(conceptDriftLevel({ ...CONCEPT, eddm: { ...CONCEPT.eddm!, level: 'DRIFT' } }), 'DRIFT');
  assert.equal(conceptDriftLevel({ ...CONCEPT, ddm: null, eddm: null }), null);
  assert.equal(conceptDriftLevel(null), null);
});

test('only drifts from the start of the window up to (not including) its end count', () => {
  assert.deepEqual(conceptDriftsInWindow(CONCEPT, WINDOW), [{ detector: 'DDM', at: '2026-03-01T00:00:00.000Z', confirmation: null }]);
  assert.deepEqual(conceptDriftsInWindow(CONCEPT, { kind: 'dataset_version', datasetVersionId: 'dv', rows: 10 }), []);
  assert.deepEqual(conceptDriftsInWindow(null, WINDOW), []);
});

test('a drift is confirmed in the window where its following window ended, whenever it was signalled; Page–Hinkley counts too', () => {
  const confirmed = { at: '2026-02-28T23:00:00.000Z', status: 'CONFIRMED' as const, decidedAt: '2026-03-01T00:10:00.000Z', rowsBefore: 500, meanBefore: 3, rowsAfter: 200, meanAfter: 6, pValue: 1e-12 };
  const regression: ConceptDriftResult = {
    labelledRows: 900,
    metric: 'mean_absolute_error',
    windows: [],
    ddm: null,
    eddm: null,
    pageHinkley: { level: 'NONE', warnings: [], drifts: [confirmed.at], confirmations: [confirmed] },
  };
  assert.deepEqual(conceptDriftsInWindow(regression, WINDOW), []);
  assert.deepEqual(conceptDriftsConfirmedInWindow(regression, WINDOW), [{ detector: 'PAGE_HINKLEY', at: confirmed.at, confirmation: confirmed }]);
  assert.deepEqual(conceptDriftsConfirmedInWindow(regression, { ...WINDOW, from: '2026-03-01T00:10:00.001Z' }), []);
  assert.equal(conceptDriftLevel(regression), 'NONE');
  assert.equal(reportShowsDrift({ ...QUIET, conceptDrift: regression }), true);
});

test('a report shows drift through any of data, output, data quality or concept drift in the window', () => {
  assert.equal(reportShowsDrift(QUIET), false);
  assert.equal(reportShowsDrift({ ...QUIET, datasetDrift: true }), true);
  assert.equal(reportShowsDrift({ ...QUIET, predictionDrift: { ...COLUMN, drifted: true } }), true);
  assert.equal(reportShowsDrift({ ...QUIET, columns: [{ ...COLUMN, quality: { ...COLUMN.quality, currentNullShare: 0.2, drifted: true } }] }), true);
  assert.equal(reportShowsDrift({ ...QUIET, conceptDrift: CONCEPT }), true);
  assert.equal(reportShowsDrift({ ...QUIET, conceptDrift: { ...CONCEPT, ddm: { ...CONCEPT.ddm!, drifts: ['2026-02-28T10:00:00.000Z'] } } }), false);
});
