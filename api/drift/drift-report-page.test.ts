import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PERFORMANCE_ESTIMATE_ASSUMPTIONS } from '../../domain/drift';
import type { ColumnQualityType, DriftColumnType, DriftReportType } from './drift-report.types';
import { renderDriftReportPage } from './drift-report-page';

const REPORT_URL = 'http://127.0.0.1:4000/reports/drift/4f0c8a5e-9a7d-4a43-8f0e-0d6f3c2b1a90';
const HOSTILE_COLUMN = `<b onclick="x()">wind & 'gust'</b>`;
const HOSTILE_CATEGORY = '<script>alert(1)</script>';

function quality(column: string, unseenCategories: string[] = []): ColumnQualityType {
  return { column, referenceNullShare: 0, currentNullShare: 0.02, noCurrentValues: false, unseenCategories, unseenShare: unseenCategories.length > 0 ? 0.04 : 0, drifted: unseenCategories.length > 0 };
}

function numericColumn(column: string, drifted: boolean): DriftColumnType {
  return {
    column,
    kind: 'numeric',
    kindChosenBy: 'SCHEMA',
    test: 'ks',
    testChosenBy: 'SMALL_REFERENCE_NUMERIC',
    statistic: drifted ? 0.41 : 0.06,
    pValue: drifted ? 1.2e-9 : 0.63,
    threshold: 0.05,
    referenceSize: 366,
    currentSize: 92,
    referenceMissing: 0,
    currentMissing: 2,
    drifted,
    status: 'TESTED',
    minimumSampleSize: 30,
    binned: false,
    errorBound: 0,
    histogram: { kind: 'numeric', edges: [0, 5, 10, 15, 20], reference: [100, 150, 80, 36], current: [5, 20, 40, 27] },
    quality: quality(column),
    note: null,
  };
}

const categorical: DriftColumnType = {
  column: HOSTILE_COLUMN,
  kind: 'categorical',
  kindChosenBy: 'DECLARED',
  test: 'chi_square',
  testChosenBy: 'SMALL_REFERENCE_CATEGORICAL',
  statistic: null,
  pValue: null,
  threshold: 0.05,
  referenceSize: 366,
  currentSize: 92,
  referenceMissing: 0,
  currentMissing: 0,
  drifted: false,
  status: 'TESTED',
  minimumSampleSize: 30,
  binned: false,
  errorBound: 0,
  histogram: { kind: 'categorical', categories: ['sun', 'rain', HOSTILE_CATEGORY], reference: [200, 160, 0], current: [70, 18, 4], referenceOther: 6, currentOther: 0 },
  quality: quality(HOSTILE_COLUMN, [HOSTILE_CATEGORY]),
  note: 'the chi_square statistic and p-value is undefined for these samples (not a finite number), so it is left out',
};

const columns = [numericColumn('temp_max', true), numericColumn('precipitation', false), categorical];

const report: DriftReportType = {
  id: '4f0c8a5e-9a7d-4a43-8f0e-0d6f3c2b1a90',
  workflowId: 'drift-scan:weather:STAGING:scheduled-2026-11-23T18:00:00Z',
  modelName: 'weather',
  environment: 'STAGING',
  modelVersionId: '0d7c5a0e-1111-4c43-8f0e-0d6f3c2b1a90',
  modelVersion: 3,
  deploymentId: null,
  scheduleId: 'provenant.drift.weather.STAGING',
  triggeredBy: 'system:schedule',
  reference: { datasetVersionId: '6a1d0c3e-2222-4c43-8f0e-0d6f3c2b1a90', rows: 366 },
  current: { kind: 'prediction_log', environment: 'STAGING', from: '2026-11-22T18:00:00.000Z', to: '2026-11-23T18:00:00.000Z', datasetVersionId: null, rows: 92 },
  datasetDrift: false,
  driftShare: 1 / 3,
  driftShareThreshold: 0.5,
  numberOfColumns: 3,
  numberOfTestedColumns: 3,
  numberOfDriftedColumns: 1,
  columns,
  predictionDrift: { ...numericColumn('prediction', true), kind: 'categorical', kindChosenBy: null, test: 'jensen_shannon', testChosenBy: 'LARGE_REFERENCE_CATEGORICAL', pValue: null, statistic: 0.22, threshold: 0.1, histogram: { kind: 'categorical', categories: ['sun', 'rain'], reference: [200, 166], current: [80, 12], referenceOther: 0, currentOther: 0 } },
  dataQuality: columns.map((column) => column.quality),
  conceptDrift: {
    labelledRows: 90,
    metric: 'error_rate',
    windows: [
      { from: '2026-11-22T18:00:00.000Z', to: '2026-11-23T00:00:00.000Z', rows: 30, value: 0.1 },
      { from: '2026-11-23T00:00:00.000Z', to: '2026-11-23T06:00:00.000Z', rows: 30, value: 0.2 },
      { from: '2026-11-23T06:00:00.000Z', to: '2026-11-23T12:00:00.000Z', rows: 0, value: null },
      { from: '2026-11-23T12:00:00.000Z', to: '2026-11-23T18:00:00.000Z', rows: 30, value: 0.45 },
    ],
    ddm: {
      level: 'DRIFT',
      warnings: ['2026-11-23T13:10:00.000Z'],
      drifts: ['2026-11-23T15:40:00.000Z'],
      confirmations: [
        { at: '2026-11-23T15:40:00.000Z', status: 'PENDING', decidedAt: null, rowsBefore: 75, meanBefore: 0.16, rowsAfter: 12, meanAfter: 0.5, pValue: null },
      ],
    },
    eddm: { level: 'WARNING', warnings: ['2026-11-23T14:00:00.000Z'], drifts: [], confirmations: [] },
    pageHinkley: null,
    confirmationWindow: { rows: 200, significance: 0.001 },
  },
  performanceEstimate: {
    method: 'CBPE',
    calibration: 'ISOTONIC',
    referenceRows: 366,
    referenceExpectedAccuracy: 0.84,
    referenceRealisedAccuracy: 0.85,
    rowsWithoutProbabilities: 2,
    windows: [
      { from: '2026-11-22T18:00:00.000Z', to: '2026-11-23T06:00:00.000Z', rows: 45, expectedAccuracy: 0.81, expectedMacroF1: 0.62, labelledRows: 45, realisedAccuracy: 0.8, realisedMacroF1: 0.6 },
      { from: '2026-11-23T06:00:00.000Z', to: '2026-11-23T18:00:00.000Z', rows: 45, expectedAccuracy: 0.7, expectedMacroF1: 0.5, labelledRows: 0, realisedAccuracy: null, realisedMacroF1: null },
    ],
    assumptions: [...PERFORMANCE_ESTIMATE_ASSUMPTIONS],
  },
  retraining: { action: 'SKIPPED', reason: 'no retraining policy for weather', conceptDriftConfirmation: null, pipelineWorkflowId: null, pipelineRunId: null },
  reportUrl: REPORT_URL,
  createdAt: new Date('2026-11-23T18:00:05.000Z'),
};

function count(html: string, pattern: RegExp): number {
  return html.match(pattern)?.length ?? 0;
}

test('one SVG per column histogram, plus prediction drift and the performance chart', async () => {
  const html = await renderDriftReportPage(report);
  assert.equal(count(html, /<figure class="chart" data-chart="histogram">/g), 3);
  assert.equal(count(html, /<figure class="chart" data-chart="prediction">/g), 1);
  assert.equal(count(html, /<figure class="chart" data-chart="performance">/g), 1);
  assert.equal(count(html, /<svg[\s>]/g), 5);
  assert.equal(count(html, /<\/svg>/g), 5);
  // Grouped bars: a mark per bin and sample (4 numeric bins; 3 categories and "other").
  const histograms = html.split('data-chart="histogram"').slice(1);
  assert.ok(histograms.every((figure) => count(figure.split('</figure>')[0], /<path[^>]*aria-label="[^"]*share/g) >= 8));
  assert.match(html, /class="verdict stable">No dataset drift: 1 of 3 tested columns drifted \(33\.33%\), below the 50% threshold\./);
  assert.match(html, /<td>1\.2e-9<\/td>/);
  assert.match(html, /DDM<\/th><td class="drifted">DRIFT<\/td><td>2026-11-23T13:10:00\.000Z<\/td><td>2026-11-23T15:40:00\.000Z<\/td>/);
  assert.match(html, /<th scope="row">Action<\/th><td>SKIPPED<\/td>/);
  assert.match(html, /<th scope="row">Concept drift confirmation<\/th><td>concept drift does not trigger retraining<\/td>/);
  assert.match(html, /Page–Hinkley<\/th><td colspan="3">not run \(it watches the absolute errors of regression\)/);
  assert.match(html, /<td>DDM<\/td><td>2026-11-23T15:40:00\.000Z<\/td><td>75, 0\.16<\/td><td>12, 0\.5<\/td><td>–<\/td><td class="stable">pending: the window after it is not complete<\/td>/);
  assert.match(html, /the 200 labelled predictions after it show a rise of the error rate/);
});

test('columns without enough data say so, are not counted, and a column without values is a data-quality finding', async () => {
  const empty: DriftColumnType = {
    ...numericColumn('wind', false),
    statistic: null,
    pValue: null,
    currentSize: 0,
    currentMissing: 0,
    status: 'NOT_ENOUGH_DATA',
    quality: { ...quality('wind'), currentNullShare: 0, noCurrentValues: true, drifted: true },
    note: 'not enough data: 366 reference and 0 current values present, the test needs 30 on each side; not tested, not counted as drift',
  };
  const html = await renderDriftReportPage({ ...report, columns: [empty], numberOfColumns: 1, numberOfTestedColumns: 0, numberOfDriftedColumns: 0, driftShare: 0, dataQuality: [empty.quality] });
  assert.match(html, /class="verdict stable">Not enough data: no column had the values its test needs, so nothing could drift \(1 of 1 columns not tested\)\./);
  assert.match(html, /<td class="untested">not enough data <span class="note">not enough data: 366 reference and 0 current values present/);
  assert.match(html, /<td class="drifted">no values in the current sample<\/td>/);
});

test('names and categories from the data are escaped, and the page has no script and no URL but its own', async () => {
  const html = await renderDriftReportPage(report);
  assert.ok(!html.includes(HOSTILE_COLUMN), 'the raw column name never appears');
  assert.ok(html.includes('&lt;b onclick=&quot;x()&quot;&gt;wind &amp; &#39;gust&#39;&lt;/b&gt;'));
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\son[a-z]+="/i, 'no event handler attributes');
  const urls = html.match(/\b(?:https?:)?\/\/[^\s"'<>)]+/gi) ?? [];
  assert.deepEqual([...new Set(urls)], [REPORT_URL]);
  assert.match(html, /left out/);
});

test('a dataset scan shows its histograms and says why prediction and concept drift are absent', async () => {
  const html = await renderDriftReportPage({
    ...report,
    environment: null,
    current: { kind: 'dataset_version', environment: null, from: null, to: null, datasetVersionId: '7b2e1d4f-3333-4c43-8f0e-0d6f3c2b1a90', rows: 92 },
    predictionDrift: null,
    conceptDrift: null,
    performanceEstimate: null,
    retraining: null,
  });
  assert.equal(count(html, /<svg[\s>]/g), 3);
  assert.match(html, /Prediction drift<\/h2><p>Not measured: nothing was scored\./);
  assert.match(html, /Concept drift<\/h2><p>Not measured: the current sample is a dataset version/);
  assert.match(html, /92 rows of dataset version 7b2e1d4f-3333-4c43-8f0e-0d6f3c2b1a90/);
});

test('the performance estimate shows expected beside realised per window, and states its assumptions', async () => {
  const html = await renderDriftReportPage(report);
  assert.match(html, /<th scope="row">Estimated performance<\/th><td>latest window: expected accuracy 0\.7 \(no labels yet\)<\/td>/);
  assert.match(html, /<td>2026-11-22T18:00:00\.000Z – 2026-11-23T06:00:00\.000Z<\/td><td>45<\/td><td>0\.81<\/td><td>0\.8<\/td><td>0\.62<\/td><td>0\.6<\/td><td>45<\/td>/);
  assert.match(html, /calibrated \(isotonic\) on 366 labelled reference rows \(there: expected 0\.84, realised 0\.85\)/);
  assert.match(html, /2 predictions were logged without probabilities/);
  assert.match(html, /<li>No concept drift: /);
  assert.match(html, /<li>Calibrated probabilities: /);
});

test('each column says which kind and which default rule chose its test', async () => {
  const html = await renderDriftReportPage(report);
  assert.match(html, /<td>temp_max<\/td><td>numeric<\/td><td>ks<\/td><td>kind from schema; ≤ 1000 reference rows, &gt; 5 values<\/td>/);
  assert.match(html, /<td>categorical<\/td><td>chi_square<\/td><td>kind declared; ≤ 1000 reference rows, categorical<\/td>/);
  assert.match(html, /<td>prediction<\/td><td>categorical<\/td><td>jensen_shannon<\/td><td>&gt; 1000 reference rows, categorical<\/td>/);
});

test('a statistic from sketches shows its error bound beside it; an exact one shows none', async () => {
  const sketched: DriftColumnType = { ...numericColumn('distance', false), test: 'wasserstein', testChosenBy: 'LARGE_REFERENCE_NUMERIC', pValue: null, statistic: 0.0412, threshold: 0.1, binned: true, errorBound: 0.0083 };
  const html = await renderDriftReportPage({ ...report, columns: [sketched, numericColumn('temp_max', true)] });
  assert.match(html, /<td>distance<\/td><td>numeric<\/td><td>wasserstein \(binned\)<\/td><td>[^<]*<\/td><td>0\.0412 ± 0\.0083<\/td>/);
  assert.match(html, /<td>temp_max<\/td><td>numeric<\/td><td>ks<\/td><td>[^<]*<\/td><td>0\.41<\/td>/);
});
