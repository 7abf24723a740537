import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { NewestDriftReport } from '../../db/measurements';
import { createDriftGauges } from './drift-gauges';

const STAGING: NewestDriftReport = {
  modelName: 'weather',
  environment: 'STAGING',
  driftShare: 0.75,
  datasetDrift: true,
  driftedColumns: 3,
  predictionDrifted: false,
  ddmLevel: 'WARNING',
  eddmLevel: 'DRIFT',
  pageHinkleyLevel: null,
  createdAtSeconds: 1_763_900_000.25,
};
const REGRESSION: NewestDriftReport = {
  modelName: 'fares',
  environment: 'PRODUCTION',
  driftShare: 0,
  datasetDrift: false,
  driftedColumns: 0,
  predictionDrifted: false,
  ddmLevel: null,
  eddmLevel: null,
  pageHinkleyLevel: 'NONE',
  createdAtSeconds: 1_763_900_000,
};
const DATASET_SCAN: NewestDriftReport = {
  modelName: 'prices',
  environment: null,
  driftShare: 0,
  datasetDrift: false,
  driftedColumns: 0,
  predictionDrifted: null,
  ddmLevel: null,
  eddmLevel: null,
  pageHinkleyLevel: null,
  createdAtSeconds: 1_763_800_000,
};

test('the gauges show the newest report per model and environment, one query per scrape', async () => {
  const registry = new Registry();
  let queries = 0;
  createDriftGauges(async () => {
    queries += 1;
    return [STAGING, DATASET_SCAN, REGRESSION];
  }, registry, { maxAgeMs: 0 });
  const text = await registry.metrics();
  assert.equal(queries, 1);
  const lines = text.split('\n').filter((line) => line && !line.startsWith('#') && !line.includes('model="fares"'));
  assert.ok(text.includes('provenant_concept_drift_level{model="fares",environment="PRODUCTION",detector="page_hinkley"} 0'), 'Page–Hinkley for regression');
  assert.deepEqual(lines.sort(), [
    'provenant_concept_drift_level{model="weather",environment="STAGING",detector="ddm"} 1',
    'provenant_concept_drift_level{model="weather",environment="STAGING",detector="eddm"} 2',
    'provenant_dataset_drift{model="prices",environment=""} 0',
    'provenant_dataset_drift{model="weather",environment="STAGING"} 1',
    'provenant_drift_report_timestamp_seconds{model="prices",environment=""} 1763800000',
    'provenant_drift_report_timestamp_seconds{model="weather",environment="STAGING"} 1763900000.25',
    'provenant_drift_share{model="prices",environment=""} 0',
    'provenant_drift_share{model="weather",environment="STAGING"} 0.75',
    'provenant_drifted_columns{model="prices",environment=""} 0',
    'provenant_drifted_columns{model="weather",environment="STAGING"} 3',
    'provenant_prediction_drift{model="weather",environment="STAGING"} 0',
  ]);
});

test('a report gone from the newest set leaves the gauges; a failed query leaves them empty, not the scrape broken', async () => {
  const registry = new Registry();
  const answers: (() => Promise<NewestDriftReport[]>)[] = [async () => [STAGING, DATASET_SCAN], async () => [DATASET_SCAN], async () => Promise.reject(new Error('database down'))];
  const remove = createDriftGauges(() => answers.shift()!(), registry, { maxAgeMs: 0 });
  await registry.metrics();
  assert.doesNotMatch(await registry.metrics(), /model="weather"/);
  const failed = await registry.metrics();
  assert.match(failed, /^# TYPE provenant_drift_share gauge$/m);
  assert.doesNotMatch(failed, /^provenant_drift_share\{/m);
  remove();
  assert.equal(await registry.metrics(), '\n');
});
