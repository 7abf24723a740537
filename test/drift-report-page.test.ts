import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { driftColumnView } from '../api/drift/drift-report-view';
import type { DriftReportType } from '../api/drift/drift-report.types';
import { renderDriftReportPage } from '../api/drift/drift-report-page';
import type { ColumnDriftResult, PerformanceWindow } from '../domain/drift';
import { runDdm } from '../ml/concept-drift/ddm';
import { runEddm } from '../ml/concept-drift/eddm';
import { categoryCounts } from '../ml/drift/category-counts';
import { addToCategoryTally, emptyCategoryTally } from '../ml/drift/category-tally';
import { columnDrift } from '../ml/drift/column-drift';
import { columnQuality } from '../ml/drift/column-quality';
import { datasetDrift } from '../ml/drift/dataset-drift';
import { addToHistogram, categoricalDriftHistogram, emptyHistogramOverReference, numericDriftHistogram } from '../ml/drift/drift-histogram';
import { openInChromium, type OpenedPage } from './support/headless-chromium';
import { SAMPLE_DATA } from './support/harness';

const NUMERIC = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;

interface Day {
  date: string;
  values: Record<(typeof NUMERIC)[number], number>;
  weather: string;
}

/** seattle-weather.csv: date, four measurements and the weather of the day. */
async function seattleWeather(): Promise<Day[]> {
  const lines = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n').slice(1);
  return lines.map((line) => {
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
    return { date, values: { precipitation: Number(precipitation), temp_max: Number(tempMax), temp_min: Number(tempMin), wind: Number(wind) }, weather };
  });
}

function numericResult(name: string, reference: Float64Array, current: Float64Array): ColumnDriftResult {
  const bins = emptyHistogramOverReference(reference);
  return {
    ...columnDrift({ name, kind: 'numeric', reference, current }),
    kind: 'numeric',
    histogram: numericDriftHistogram(addToHistogram(bins, reference), addToHistogram(bins, current)),
    quality: columnQuality(name, { values: reference.length, missing: 0 }, { values: current.length, missing: 0 }),
  };
}

function categoricalResult(name: string, reference: string[], current: string[]): ColumnDriftResult {
  return {
    ...columnDrift({ name, kind: 'categorical', reference, current }),
    kind: 'categorical',
    histogram: categoricalDriftHistogram(categoryCounts(reference, current)),
    quality: columnQuality(name, addToCategoryTally(emptyCategoryTally(), reference), addToCategoryTally(emptyCategoryTally(), current)),
  };
}

/** A rain-gauge "model": rain whenever any precipitation fell, sun otherwise. */
function predictWeather(day: Day): string {
  return day.values.precipitation > 0 ? 'rain' : 'sun';
}

/**
 * A report from real numbers: 2012 as the reference, summer 2015 as the current sample,
 * the rain-gauge model's predictions as the output, and its errors over 2015 (in date
 * order, one window per month) for concept drift.
 */
async function seattleReport(): Promise<DriftReportType> {
  const days = await seattleWeather();
  const reference = days.filter((day) => day.date.startsWith('2012-'));
  const summer2015 = days.filter((day) => day.date >= '2015-06-01' && day.date <= '2015-08-31');
  const year2015 = days.filter((day) => day.date.startsWith('2015-'));
  const column = (sample: Day[], name: (typeof NUMERIC)[number]) => Float64Array.from(sample, (day) => day.values[name]);
  const results = [
    ...NUMERIC.map((name) => numericResult(name, column(reference, name), column(summer2015, name))),
    categoricalResult('weather', reference.map((day) => day.weather), summer2015.map((day) => day.weather)),
  ];
  const dataset = datasetDrift(results);
  const prediction = categoricalResult('prediction', reference.map(predictWeather), summer2015.map(predictWeather));
  const errors = year2015.map((day) => predictWeather(day) !== day.weather);
  const at = (steps: number[]) => steps.map((step) => `${year2015[step].date}T12:00:00.000Z`);
  const ddm = runDdm(errors);
  const eddm = runEddm(errors);
  const windows: PerformanceWindow[] = Array.from({ length: 12 }, (_, month) => {
    const prefix = `2015-${String(month + 1).padStart(2, '0')}`;
    const inMonth = year2015.flatMap((day, i) => (day.date.startsWith(prefix) ? [errors[i]] : []));
    const next = month === 11 ? '2016-01' : `2015-${String(month + 2).padStart(2, '0')}`;
    return { from: `${prefix}-01T00:00:00.000Z`, to: `${next}-01T00:00:00.000Z`, rows: inMonth.length, value: inMonth.filter(Boolean).length / inMonth.length };
  });
  const columns = results.map(driftColumnView);
  const id = '0b6f1f7e-5d1c-4b8e-9a55-3f0c2f1d7a11';
  return {
    id,
    workflowId: `drift-scan:seattle-weather:${id}`,
    modelName: 'seattle-weather',
    environment: 'PRODUCTION',
    modelVersionId: '5a7d3b9c-2e4f-4a1b-8c6d-9e0f1a2b3c4d',
    modelVersion: 2,
    deploymentId: null,
    scheduleId: null,
    triggeredBy: 'engineer-user',
    reference: { datasetVersionId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', rows: reference.length },
    current: { kind: 'prediction_log', environment: 'PRODUCTION', from: '2015-06-01T00:00:00.000Z', to: '2015-09-01T00:00:00.000Z', datasetVersionId: null, rows: summer2015.length },
    datasetDrift: dataset.datasetDrift,
    driftShare: dataset.driftShare,
    driftShareThreshold: dataset.threshold,
    numberOfColumns: dataset.numberOfColumns,
    numberOfTestedColumns: dataset.numberOfTestedColumns,
    numberOfDriftedColumns: dataset.numberOfDriftedColumns,
    columns,
    predictionDrift: driftColumnView(prediction),
    dataQuality: columns.map((entry) => entry.quality),
    conceptDrift: {
      labelledRows: errors.length,
      metric: 'error_rate',
      windows,
      ddm: { level: ddm.levels.at(-1)!, warnings: at(ddm.warnings), drifts: at(ddm.drifts), confirmations: [] },
      eddm: { level: eddm.levels.at(-1)!, warnings: at(eddm.warnings), drifts: at(eddm.drifts), confirmations: [] },
      pageHinkley: null,
      confirmationWindow: null,
    },
    performanceEstimate: null,
    retraining: { action: 'NOT_NEEDED', reason: 'no retraining policy for seattle-weather', conceptDriftConfirmation: null, pipelineWorkflowId: null, pipelineRunId: null },
    reportUrl: '',
    createdAt: new Date('2015-09-01T00:05:00.000Z'),
  };
}

describe('the drift report page in headless Chromium', () => {
  let server: http.Server;
  let report: DriftReportType;
  let opened: OpenedPage;

  before(async () => {
    report = await seattleReport();
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    report.reportUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports/drift/${report.id}`;
    const html = await renderDriftReportPage(report);
    server.on('request', (request, response) => {
      if (request.url !== `/reports/drift/${report.id}`) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    opened = await openInChromium(report.reportUrl);
  });

  after(async () => {
    await opened?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('the summer of 2015 drifted from 2012 in temperature, and the report says so', () => {
    const drifted = Object.fromEntries(report.columns.map((column) => [column.column, column.drifted]));
    assert.equal(drifted.temp_max, true);
    assert.equal(drifted.temp_min, true);
    assert.equal(report.datasetDrift, report.driftShare >= 0.5);
    assert.equal(report.numberOfColumns, 5);
  });

  test('every chart is an SVG drawn with a size and its marks: one per column, prediction drift, performance', async () => {
    const { page, status } = opened;
    assert.equal(status, 200);
    const charts = page.locator('figure.chart');
    assert.equal(await charts.count(), report.columns.length + 2);
    for (let i = 0; i < (await charts.count()); i += 1) {
      const figure = charts.nth(i);
      const svg = figure.locator('svg');
      assert.equal(await svg.count(), 1);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, `chart ${i}: ${JSON.stringify(box)}`);
      const kind = await figure.getAttribute('data-chart');
      if (kind === 'performance') {
        assert.equal(await svg.locator('g.mark-line.role-mark path').count(), 1);
        assert.equal(await svg.locator('g.mark-symbol.role-mark path').count(), 12, 'a point per month');
      } else {
        const column = kind === 'prediction' ? report.predictionDrift! : report.columns[i];
        const histogram = column.histogram;
        const bins = histogram.kind === 'numeric' ? histogram.reference.length : histogram.categories.length + (histogram.referenceOther + histogram.currentOther > 0 ? 1 : 0);
        assert.equal(await svg.locator('g.mark-rect.role-mark path').count(), 2 * bins, `${column.column}: a bar per bin and sample`);
      }
    }
  });

  test('the DDM and EDDM events are drawn on the performance chart', async () => {
    const events = [report.conceptDrift!.ddm!, report.conceptDrift!.eddm!].reduce((sum, outcome) => sum + outcome.warnings.length + outcome.drifts.length, 0);
    assert.ok(events > 0, 'the rain gauge misses drizzle, fog and snow often enough for the detectors to notice');
    assert.equal(await opened.page.locator('figure[data-chart="performance"] g.mark-rule.role-mark line').count(), events);
  });

  test('the page ran no script and asked nothing of the network', async () => {
    assert.deepEqual(opened.externalRequests, []);
    assert.equal(await opened.page.locator('script').count(), 0);
    const title = await opened.page.title();
    assert.equal(title, 'Drift report: seattle-weather v2, PRODUCTION');
  });
});
