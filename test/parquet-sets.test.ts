import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ServiceProcess } from '../platform/service-process';
import { SAMPLE_DATA, startHarness, TOKENS, waitForPipeline, type Harness } from './support/harness';
import { startMonitoringWorker, untilMonitoringPolledBy } from './support/monitoring-workers';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id rowCount contentSha256 parts { sha256 byteSize rows } } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const TRIGGER = `mutation T($m: String!, $r: ID, $c: ID) { triggerDriftScan(modelName: $m, referenceDatasetVersionId: $r, currentDatasetVersionId: $c) { workflowId } }`;
const MODEL = 'weather-parquet-sets';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;
/** The monitoring activities of the scan by parts, one per part of each sample. */
const PART_ACTIVITY = 'summariseScanPart';

interface WeatherRow {
  date: string;
  values: Record<(typeof FEATURES)[number], number>;
  weather: string;
}

/** What a drift report says, without its ids and times. */
interface ReportFindings {
  datasetDrift: boolean;
  driftShare: number;
  numberOfDriftedColumns: number;
  columns: unknown;
  predictionDrift: unknown;
  performanceEstimate: unknown;
}

describe('dataset versions of several Parquet files: registered as one, scanned by parts and row slices across monitoring workers', () => {
  let harness: Harness;
  let rows: WeatherRow[];
  const versions = { referenceSingle: '', referenceParts: '', currentSingle: '', currentParts: '' };
  /** The continuous sets past the exact counts, and the report of their scan with one worker. */
  const sketched: { reference: string; current: string; referenceCsv: string; currentCsv: string; alone?: ReportFindings } = { reference: '', current: '', referenceCsv: '', currentCsv: '' };
  let secondWorker: ServiceProcess | undefined;

  /** Writes the rows as one Parquet file (hyparquet-writer, another writer than the reader's). */
  async function writeParquet(file: string, part: WeatherRow[]): Promise<void> {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const columnData = [
      { name: 'date', type: 'STRING' as const, data: part.map((row) => row.date) },
      ...FEATURES.map((name) => ({ name, type: 'DOUBLE' as const, data: part.map((row) => row.values[name]) })),
      { name: 'weather', type: 'STRING' as const, data: part.map((row) => row.weather) },
    ];
    await writeFile(file, new Uint8Array(parquetWriteBuffer({ columnData })));
  }

  /** The rows split into `parts` files of a directory of their own, and all of them in one file beside it. */
  async function writeSet(name: string, subset: WeatherRow[], parts: number): Promise<{ directory: string; single: string }> {
    const directory = path.join(harness.config.dataDir, name);
    await mkdir(directory, { recursive: true });
    const size = Math.ceil(subset.length / parts);
    for (let part = 0; part < parts; part += 1) await writeParquet(path.join(directory, `part-${part}.parquet`), subset.slice(part * size, (part + 1) * size));
    const single = path.join(harness.config.dataDir, `${name}.parquet`);
    await writeParquet(single, subset);
    return { directory, single };
  }

  async function register(name: string, uri: string): Promise<{ id: string; rowCount: number; contentSha256: string; parts: { sha256: string; byteSize: number; rows: number }[] | null }> {
    const { data, errors } = await harness.gql(REGISTER, { input: { name, uri } });
    assert.equal(errors, undefined, JSON.stringify(errors));
    return data!.registerDataset;
  }

  async function scan(reference: string, current: string): Promise<{ workflowId: string; findings: ReportFindings }> {
    const { data, errors } = await harness.gql(TRIGGER, { m: MODEL, r: reference, c: current });
    assert.equal(errors, undefined, JSON.stringify(errors));
    const { workflowId } = data!.triggerDriftScan;
    await harness.temporal.workflow.getHandle(workflowId).result();
    const [report] = await harness.dataSource.query(
      `SELECT dataset_drift, drift_share, number_of_drifted_columns, columns, prediction_drift, performance_estimate FROM drift_report WHERE workflow_id = $1`,
      [workflowId],
    );
    assert.ok(report, `scan ${workflowId} stored no report`);
    return {
      workflowId,
      findings: {
        datasetDrift: report.dataset_drift,
        driftShare: report.drift_share,
        numberOfDriftedColumns: report.number_of_drifted_columns,
        columns: report.columns,
        predictionDrift: report.prediction_drift,
        performanceEstimate: report.performance_estimate,
      },
    };
  }

  /** The identities of the workers that started each part activity of the scan, from its history. */
  async function partWorkers(workflowId: string): Promise<string[]> {
    const events = (await harness.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const parts = new Set(
      events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === PART_ACTIVITY).map((event) => Number(event.eventId)),
    );
    return events
      .filter((event) => parts.has(Number(event.activityTaskStartedEventAttributes?.scheduledEventId)))
      .map((event) => event.activityTaskStartedEventAttributes!.identity!);
  }

  /**
   * Continuous features (far more distinct values than a part's summary carries exactly),
   * rows [from, to) of a deterministic stream, temp_max shifted by `shift` degrees, written by
   * DuckDB as Parquet (122 880-row groups) or CSV.
   */
  async function writeContinuous(file: string, from: number, to: number, shift: number, format: 'parquet' | 'csv'): Promise<void> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const connection = await instance.connect();
    const uniform = (salt: number) => `((hash(i * 7 + ${salt}) % 1000000007) + 0.5) / 1000000007`;
    const normal = `sqrt(-2 * ln(${uniform(1)})) * cos(2 * pi() * ${uniform(2)})`;
    const select = `SELECT 10 * ${uniform(3)} AS precipitation, 15 + ${shift} + 8 * ${normal} AS temp_max, 6 + 5 * ${normal} AS temp_min, 0.5 + 6 * ${uniform(4)} AS wind
      FROM range(${from}, ${to}) t(i) ORDER BY i`;
    await connection.run(`COPY (${select}) TO '${file}' (${format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT csv, HEADER'})`);
    connection.closeSync();
  }

  before(async () => {
    harness = await startHarness();
    const lines = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n').slice(1);
    rows = lines.map((line) => {
      const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
      return { date, values: { precipitation: Number(precipitation), temp_max: Number(tempMax), temp_min: Number(tempMin), wind: Number(wind) }, weather };
    });
    const training = await register('seattle-weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const started = await harness.gql(START, { input: { modelName: MODEL, datasetVersionId: training.id, target: 'weather', features: [...FEATURES], task: 'CLASSIFICATION' } });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
  });

  after(async () => {
    await secondWorker?.stop();
    await harness?.close();
  });

  test('a directory or a glob of Parquet files registers as one version of several parts: rows, profile and content hash over all of them', async () => {
    // 2012–2014 (1096 rows: a reference past 1000 rows, tested by Wasserstein distance) in 3 files; 2015 in 4.
    const reference = await writeSet('reference-2012-2014', rows.filter((row) => row.date < '2015-01-01'), 3);
    const current = await writeSet('current-2015', rows.filter((row) => row.date >= '2015-01-01'), 4);
    const referenceParts = await register('weather-2012-2014', reference.directory);
    const referenceSingle = await register('weather-2012-2014-single', reference.single);
    const currentParts = await register('weather-2015', path.join(current.directory, 'part-*.parquet'));
    const currentSingle = await register('weather-2015-single', current.single);
    assert.equal(referenceParts.rowCount, 1096);
    assert.equal(currentParts.rowCount, rows.length - 1096);
    assert.equal(currentSingle.rowCount, currentParts.rowCount);
    Object.assign(versions, { referenceParts: referenceParts.id, referenceSingle: referenceSingle.id, currentParts: currentParts.id, currentSingle: currentSingle.id });

    const [stored] = await harness.dataSource.query(`SELECT parts, schema FROM dataset_version WHERE id = $1`, [currentParts.id]);
    const [single] = await harness.dataSource.query(`SELECT parts, schema FROM dataset_version WHERE id = $1`, [currentSingle.id]);
    assert.equal(single.parts, null);
    assert.equal(currentSingle.parts, null);
    assert.deepEqual(
      currentParts.parts,
      stored.parts.map(({ sha256, byteSize, rows }: { sha256: string; byteSize: number; rows: number }) => ({ sha256, byteSize, rows })),
    );
    assert.deepEqual(
      stored.parts.map((part: { rows: number }) => part.rows),
      [92, 92, 92, 89],
    );
    // The profile over the parts is the one of their rows in one file (means and deviations
    // accumulate per row group, and the row groups differ).
    assertEqualUpToRounding(stored.schema, single.schema, 'schema');
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256')
      .update(stored.parts.map((part: { sha256: string }) => part.sha256).join('\n'))
      .digest('hex');
    assert.equal(currentParts.contentSha256, expected);
    assert.equal((await register('weather-2015', current.directory)).id, currentParts.id, 'the same files are the same version');

    // Each part downloads by its own sha256; the version's hash of hashes names no one blob.
    const download = (sha256: string) => fetch(`${harness.url}/artifacts/${sha256}`, { headers: { authorization: `Bearer ${TOKENS.admin}` } });
    const firstPart = await download(stored.parts[0].sha256);
    assert.equal(firstPart.status, 200);
    assert.deepEqual(Buffer.from(await firstPart.arrayBuffer()), await readFile(path.join(current.directory, 'part-0.parquet')));
    assert.equal((await download(currentParts.contentSha256)).status, 404);
  });

  test('a scan of two sets fans out one activity per part and reports what the single files report', async () => {
    const bySingleFiles = await scan(versions.referenceSingle, versions.currentSingle);
    const byParts = await scan(versions.referenceParts, versions.currentParts);
    assert.deepEqual(await partWorkers(bySingleFiles.workflowId), [], 'single files are read whole');
    const workers = await partWorkers(byParts.workflowId);
    assert.equal(workers.length, 3 + 4);
    assert.equal(new Set(workers).size, 1, 'one monitoring worker took every part');
    assertEqualUpToRounding(byParts.findings, bySingleFiles.findings);
  });

  test('a scan of continuous columns past the exact counts splits a large file into row slices and tests sketches, within their bound of the single read', async () => {
    // The reference: one file of a million rows, more than a slice (ROWS_PER_SLICE, 983 040 rows); the current sample: 3 files.
    const directory = path.join(harness.config.dataDir, 'continuous-current');
    await mkdir(directory, { recursive: true });
    await writeContinuous(path.join(harness.config.dataDir, 'continuous-reference.parquet'), 0, 1_000_000, 0, 'parquet');
    await writeContinuous(path.join(harness.config.dataDir, 'continuous-reference.csv'), 0, 1_000_000, 0, 'csv');
    for (let part = 0; part < 3; part += 1) await writeContinuous(path.join(directory, `part-${part}.parquet`), 2_000_000 + part * 50_000, 2_000_000 + (part + 1) * 50_000, 1.2, 'parquet');
    await writeContinuous(path.join(harness.config.dataDir, 'continuous-current.csv'), 2_000_000, 2_150_000, 1.2, 'csv');
    const reference = await register('continuous-reference', path.join(harness.config.dataDir, 'continuous-reference.parquet'));
    const current = await register('continuous-current', directory);
    Object.assign(sketched, {
      reference: reference.id,
      current: current.id,
      referenceCsv: (await register('continuous-reference-csv', path.join(harness.config.dataDir, 'continuous-reference.csv'))).id,
      currentCsv: (await register('continuous-current-csv', path.join(harness.config.dataDir, 'continuous-current.csv'))).id,
    });

    const exact = await scan(sketched.referenceCsv, sketched.currentCsv);
    assert.deepEqual(await partWorkers(exact.workflowId), [], 'CSV files are read whole');
    const bySlices = await scan(sketched.reference, sketched.current);
    sketched.alone = bySlices.findings;
    const workers = await partWorkers(bySlices.workflowId);
    assert.equal(workers.length, 2 + 3, 'the reference file in two slices, each current file whole');
    const columns = bySlices.findings.columns as StoredColumn[];
    const exactColumns = exact.findings.columns as StoredColumn[];
    assert.deepEqual(
      columns.map((column) => column.column),
      [...FEATURES],
    );
    columns.forEach((column, c) => {
      const truth = exactColumns[c];
      assert.deepEqual([column.test, column.referenceSize, column.currentSize, column.referenceMissing, column.currentMissing], [truth.test, 1_000_000, 150_000, 0, 0]);
      assert.equal(truth.test, 'wasserstein');
      assert.equal(column.binned, true, `${column.column} is tested from sketches`);
      assert.ok(column.errorBound > 0 && column.errorBound < 0.03, `${column.column}: bound ${column.errorBound}`);
      assert.ok(Math.abs(column.statistic - truth.statistic) <= column.errorBound, `${column.column}: ${column.statistic} ± ${column.errorBound} misses the single read's ${truth.statistic}`);
      assert.equal(column.drifted, truth.drifted, column.column);
    });
    assert.deepEqual(
      columns.map((column) => column.drifted),
      [false, true, false, false],
      'temp_max moved by 0.15 of its deviation',
    );
    // The model's output is a class: counted exactly over the slices, the single read's result.
    assertEqualUpToRounding(bySlices.findings.predictionDrift, exact.findings.predictionDrift, 'predictionDrift');
  });

  test('the same scan with a second monitoring worker process gives the same report, and both workers took parts', async () => {
    const alone = await scan(versions.referenceParts, versions.currentParts);
    secondWorker = startMonitoringWorker(harness);
    await untilMonitoringPolledBy(harness, 2);
    const together = await scan(versions.referenceParts, versions.currentParts);
    assert.deepEqual(together.findings, alone.findings);
    const workers = await partWorkers(together.workflowId);
    assert.equal(workers.length, 3 + 4);
    assert.equal(new Set(workers).size, 2, `both monitoring workers took parts: ${workers.join(', ')}\n${secondWorker.recentLogs().join('\n')}`);
  });

  test('the sketched scan by row slices with two monitoring worker processes gives the same report, and both took slices', async () => {
    const together = await scan(sketched.reference, sketched.current);
    assert.deepEqual(together.findings, sketched.alone);
    const workers = await partWorkers(together.workflowId);
    assert.equal(workers.length, 2 + 3);
    assert.equal(new Set(workers).size, 2, `both monitoring workers took slices: ${workers.join(', ')}`);
  });
});

/** The fields of a stored column result these tests compare. */
interface StoredColumn {
  column: string;
  test: string;
  statistic: number;
  referenceSize: number;
  currentSize: number;
  referenceMissing: number;
  currentMissing: number;
  drifted: boolean;
  binned: boolean;
  errorBound: number;
}

/** Waits until two workers poll the monitoring queue for activities: the in-process one and the new process. */
/**
 * The same fields and values, every number equal up to the rounding of sums: the parts'
 * values reach the drift tests grouped by value, the single file's in file order.
 */
function assertEqualUpToRounding(actual: unknown, expected: unknown, at = 'findings'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${at}: ${actual} ≠ ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${at}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
    expected.forEach((item, i) => assertEqualUpToRounding(actual[i], item, `${at}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${at}: ${JSON.stringify(actual)} is not an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${at}: other fields`);
    for (const [key, value] of Object.entries(expected)) assertEqualUpToRounding((actual as Record<string, unknown>)[key], value, `${at}.${key}`);
  } else {
    assert.equal(actual, expected, at);
  }
}
