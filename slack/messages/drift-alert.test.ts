import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnDriftResult } from '../../domain/drift';
import type { SlackBlock } from './block-kit';
import { driftAlertMessage, type DriftAlertView } from './drift-alert';

const textOf = (blocks: SlackBlock[]) => JSON.stringify(blocks);

function column(name: string, result: Partial<ColumnDriftResult>): ColumnDriftResult {
  return {
    column: name,
    kind: 'numeric',
    test: 'ks',
    statistic: 0.1,
    pValue: 0.5,
    threshold: 0.05,
    referenceSize: 1461,
    currentSize: 400,
    referenceMissing: 0,
    currentMissing: 0,
    drifted: false,
    binned: false,
    histogram: { kind: 'numeric', edges: [0, 1, 2], reference: [700, 761], current: [200, 200] },
    quality: { column: name, referenceNullShare: 0, currentNullShare: 0, unseenCategories: [], unseenShare: 0, drifted: false },
    ...result,
  };
}

/** Seven drifted features over four tests, a data-quality problem, output drift and a DDM drift in the window. */
const REPORT: DriftAlertView = {
  reportId: '0c6e7f44-0000-4000-8000-000000000001',
  modelName: 'weather',
  version: 3,
  environment: 'PRODUCTION',
  currentDataset: null,
  current: { kind: 'prediction_log', environment: 'PRODUCTION', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z', rows: 400 },
  reference: { rows: 1461 },
  datasetDrift: true,
  driftShare: 0.875,
  driftShareThreshold: 0.5,
  numberOfColumns: 8,
  numberOfDriftedColumns: 7,
  columns: [
    column('temp_max', { statistic: 0.42, pValue: 1e-12, drifted: true }),
    column('temp_min', { statistic: 0.2, pValue: 0.001, drifted: true }),
    column('wind', { test: 'wasserstein', statistic: 0.35, pValue: null, threshold: 0.1, drifted: true }),
    column('precipitation', { test: 'psi', statistic: 0.12, pValue: null, threshold: 0.1, drifted: true }),
    column('sky', {
      kind: 'categorical',
      test: 'chi_square',
      statistic: 30.5,
      pValue: 0.00002,
      drifted: true,
      quality: { column: 'sky', referenceNullShare: 0.01, currentNullShare: 0.1, unseenCategories: ['smoke', '<haze>'], unseenShare: 0.025, drifted: true },
    }),
    column('humidity', { statistic: 0.09, pValue: 0.045, drifted: true }),
    column('pressure', { test: 'jensen_shannon', statistic: 0.11, pValue: null, threshold: 0.1, drifted: true }),
    column('dew_point', { statistic: 0.03, pValue: 0.7 }),
  ],
  predictionDrift: column('prediction', { kind: 'categorical', test: 'chi_square', statistic: 12.25, pValue: 0.0021, drifted: true }),
  conceptDrift: {
    labelledRows: 350,
    metric: 'error_rate',
    windows: [],
    ddm: { level: 'DRIFT', warnings: ['2026-03-01T05:00:00.000Z'], drifts: ['2026-02-20T00:00:00.000Z', '2026-03-01T06:00:00.000Z'] },
    eddm: { level: 'WARNING', warnings: ['2026-03-01T07:00:00.000Z'], drifts: [] },
  },
  retraining: {
    action: 'STARTED',
    reason: 'dataset drift in the last 2 scans: retraining weather on seattle-weather v2',
    pipelineWorkflowId: 'pipeline:weather:0123456789abcdef0123',
    pipelineRunId: '0c6e7f44-0000-4000-8000-000000000002',
  },
};

test('the alert names the model, scope, drift share and the five features furthest past their thresholds', () => {
  const message = driftAlertMessage(REPORT, 'https://provenant.example');
  assert.equal(message.text, 'Drift: weather v3 in PRODUCTION: 7 of 8 features drifted');
  const text = textOf(message.blocks);
  for (const expected of [
    'Drift: weather v3 in PRODUCTION',
    'PRODUCTION traffic from <!date^1772323200^{date_short_pretty} {time}|2026-03-01T00:00:00.000Z>',
    '(400 rows) against the reference (1461 rows)',
    '7 of 8 features drifted (share *0.875*, threshold 0.5): *dataset drift*.',
    '• *temp_max*: ks statistic 0.42, p-value 1e-12 < 0.05',
    '• *sky*: chi-square statistic 30.5, p-value 0.00002 < 0.05',
    '• *temp_min*: ks statistic 0.2, p-value 0.001 < 0.05',
    '• *wind*: wasserstein 0.35 ≥ 0.1',
    '• *precipitation*: psi 0.12 ≥ 0.1',
    '…and 2 more in the report',
    '<https://provenant.example/reports/drift/0c6e7f44-0000-4000-8000-000000000001|Drift report>',
  ]) {
    assert.ok(text.includes(expected), `missing ${expected} in ${text}`);
  }
  const top = [...text.matchAll(/• \*([a-z_]+)\*: (?:ks|chi-square|wasserstein|psi|jensen-shannon)/g)].map((match) => match[1]);
  assert.deepEqual(top, ['temp_max', 'sky', 'temp_min', 'wind', 'precipitation'], 'the five furthest past their thresholds, furthest first');
  assert.ok(!text.includes('*humidity*') && !text.includes('*pressure*') && !text.includes('dew_point'));
});

test('prediction drift, data quality, concept drift in the window and the retraining decision', () => {
  const text = textOf(driftAlertMessage(REPORT, 'https://provenant.example').blocks);
  for (const expected of [
    '*Prediction drift*\\n:warning: drifted: chi-square statistic 12.25, p-value 0.0021 < 0.05',
    '• *sky*: missing 1% → 10%; unseen categories smoke, &lt;haze&gt; (2.5% of values)',
    '*Concept drift* (error rate over 350 labelled predictions)',
    '• DDM: *DRIFT*, drift signalled <!date^1772344800^{date_short_pretty} {time}|2026-03-01T06:00:00.000Z>',
    '• EDDM: *WARNING*',
    '*started*: dataset drift in the last 2 scans: retraining weather on seattle-weather v2. Run `pipeline:weather:0123456789abcdef0123`.',
  ]) {
    assert.ok(text.includes(expected), `missing ${expected} in ${text}`);
  }
  assert.ok(!text.includes('2026-02-20'), 'a drift before the window is old news');
});

test('a dataset-version scan is named by dataset, and missing parts say why they are missing', () => {
  const message = driftAlertMessage(
    {
      ...REPORT,
      environment: null,
      currentDataset: { datasetName: 'seattle-weather', version: 2 },
      current: { kind: 'dataset_version', datasetVersionId: '0c6e7f44-0000-4000-8000-000000000003', rows: 1461 },
      columns: [column('wind', { test: 'wasserstein', statistic: 0.35, pValue: null, threshold: 0.1, drifted: true })],
      numberOfColumns: 1,
      numberOfDriftedColumns: 1,
      driftShare: 1,
      predictionDrift: null,
      conceptDrift: null,
      retraining: { action: 'NOT_NEEDED', reason: 'weather has no retraining policy', pipelineWorkflowId: null, pipelineRunId: null },
    },
    'http://127.0.0.1:4000',
  );
  assert.equal(message.text, 'Drift: weather v3 on seattle-weather v2: 1 of 1 features drifted');
  const text = textOf(message.blocks);
  for (const expected of [
    'dataset seattle-weather v2 (1461 rows)',
    'not measured: nothing was scored',
    '• no problems',
    'not measured: no labelled predictions in this scan',
    '*not needed*: weather has no retraining policy.',
  ]) {
    assert.ok(text.includes(expected), `missing ${expected} in ${text}`);
  }
  assert.ok(!text.includes('…and'));
});

test('a statistic the samples left undefined (stored as null) reads n/a', () => {
  const degenerate = column('prediction', { kind: 'categorical', test: 'chi_square', statistic: null as unknown as number, pValue: null, drifted: false });
  const text = textOf(driftAlertMessage({ ...REPORT, predictionDrift: degenerate }, 'https://provenant.example').blocks);
  assert.ok(text.includes('*Prediction drift*\\nno drift: chi-square statistic n/a, p-value n/a ≥ 0.05'), text);
});
