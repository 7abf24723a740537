import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, open, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { findDatasetVersion } from '../db/datasets';
import { mustExist } from '../db/db';
import { stats } from '../ml/stats/simple-statistics';
import { REPO_ROOT } from '../platform/config';
import { readDatasetTable } from '../storage/dataset-table';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, startHarness, type GraphqlResponse, type Harness } from './support/harness';

const FLIGHTS = path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
const PROBABILITIES = [0.05, 0.25, 0.5, 0.75, 0.95];

const REGISTER = `
  mutation Register($input: RegisterDatasetInput!) {
    registerDataset(input: $input) {
      id format rowCount byteSize contentSha256
      schema { name type nullCount distinctCount count min max mean std quantiles { p value } topCategories { value count } estimated }
    }
  }`;

interface Column {
  name: string;
  type: string;
  nullCount: number;
  distinctCount: number;
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  quantiles: { p: number; value: number }[] | null;
  topCategories: { value: string; count: number }[] | null;
  estimated: string[];
}

interface Version {
  id: string;
  format: string;
  rowCount: number;
  byteSize: number;
  contentSha256: string;
  schema: Column[];
}

function closeTo(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≉ ${expected}`);
}

/** The most frequent values, most frequent first, ties by value: counted here without the platform's code. */
function topCategories(values: string[], n = 10): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}

describe('datasets in depth: CSV, JSON lines and Parquet, typed and profiled in one streaming pass', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  async function register(name: string, uri: string): Promise<Version> {
    const response = await harness.gql(REGISTER, { input: { name, uri } });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!.registerDataset;
  }

  const column = (version: Version, name: string) => version.schema.find((c) => c.name === name)!;

  test('penguins.jsonl: column names with spaces and parentheses, missing values, numbers and categories', async () => {
    const version = await register('penguins', path.join(SAMPLE_DATA, 'penguins.jsonl'));
    const records: Record<string, unknown>[] = (await readFile(path.join(SAMPLE_DATA, 'penguins.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(version.format, 'jsonl');
    assert.equal(version.rowCount, records.length);
    assert.deepEqual(
      version.schema.map((c) => [c.name, c.type]),
      [
        ['Species', 'string'],
        ['Island', 'string'],
        ['Beak Length (mm)', 'number'],
        ['Beak Depth (mm)', 'number'],
        ['Flipper Length (mm)', 'number'],
        ['Body Mass (g)', 'number'],
        ['Sex', 'string'],
      ],
    );

    const beak = column(version, 'Beak Length (mm)');
    const lengths = records.map((r) => r['Beak Length (mm)']).filter((v): v is number => typeof v === 'number');
    assert.ok(beak.nullCount > 0, 'some beaks were not measured');
    assert.equal(beak.nullCount, records.length - lengths.length);
    assert.equal(beak.count, lengths.length);
    assert.equal(beak.distinctCount, new Set(lengths).size);
    assert.equal(beak.min, stats.min(lengths));
    assert.equal(beak.max, stats.max(lengths));
    closeTo(beak.mean, stats.mean(lengths), 'mean');
    closeTo(beak.std, stats.standardDeviation(lengths), 'std');
    assert.deepEqual(beak.quantiles, PROBABILITIES.map((p) => ({ p, value: stats.quantile(lengths, p) })));
    assert.deepEqual(beak.estimated, []);
    assert.equal(beak.topCategories, null);

    const species = column(version, 'Species');
    assert.deepEqual(species.topCategories, topCategories(records.map((r) => String(r.Species))));
    assert.equal(species.mean, null);
    const sex = column(version, 'Sex');
    assert.equal(sex.nullCount, records.filter((r) => r.Sex === null || r.Sex === undefined).length);
  });

  test('seattle-weather.csv: precipitation profile equals an independent computation', async () => {
    const version = await register('weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const [header, ...lines] = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n');
    const at = header.split(',').indexOf('precipitation');
    const precipitation = lines.map((line) => Number(line.split(',')[at]));
    const profile = column(version, 'precipitation');
    assert.equal(version.rowCount, 1461);
    assert.equal(profile.count, 1461);
    assert.equal(profile.nullCount, 0);
    assert.equal(profile.max, Math.max(...precipitation));
    assert.equal(profile.min, 0);
    closeTo(profile.mean, precipitation.reduce((sum, value) => sum + value, 0) / precipitation.length, 'mean');
    closeTo(profile.std, stats.standardDeviation(precipitation), 'std');
    assert.deepEqual(profile.quantiles, PROBABILITIES.map((p) => ({ p, value: stats.quantile(precipitation, p) })));
    assert.deepEqual(column(version, 'weather').topCategories, topCategories(lines.map((line) => line.split(',')[5])));
    assert.deepEqual(column(version, 'date').estimated, []);
  });

  test('flights-3m.parquet: 3,000,000 rows registered without holding them; time and peak memory printed', async (t) => {
    const uri = path.join(harness.config.dataDir, 'flights-3m.parquet');
    await copyFile(FLIGHTS, uri);
    const { asyncBufferFromFile, parquetMetadataAsync, parquetScan } = await import('hyparquet');
    const { compressors } = await import('hyparquet-compressors');
    const file = await asyncBufferFromFile(uri);
    const metadata = await parquetMetadataAsync(file);

    const rssBefore = process.memoryUsage().rss;
    const maxRssBefore = process.resourceUsage().maxRSS;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const version = await register('flights', uri);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    t.diagnostic(
      `registered flights-3m.parquet (${mib(version.byteSize)}, ${version.rowCount} rows) in ${seconds.toFixed(1)} s; ` +
        `peak RSS ${mib(peakRss)}, +${mib(peakRss - rssBefore)} over the ${mib(rssBefore)} before; ` +
        `process high-water mark +${mib((process.resourceUsage().maxRSS - maxRssBefore) * 1024)}`,
    );

    assert.equal(version.format, 'parquet');
    assert.equal(version.rowCount, Number(metadata.num_rows));
    assert.equal(version.rowCount, 3_000_000);
    assert.equal(version.contentSha256, createHash('sha256').update(await readFile(uri)).digest('hex'));
    assert.deepEqual(
      version.schema.map((c) => [c.name, c.type, c.nullCount, c.count]),
      [
        ['date', 'string', 0, 3_000_000],
        ['delay', 'number', 0, 3_000_000],
        ['distance', 'number', 0, 3_000_000],
        ['origin', 'string', 0, 3_000_000],
        ['destination', 'string', 0, 3_000_000],
      ],
    );

    // Independently: min and max from the row groups' own statistics, the mean and the
    // airport counts by reading those columns with hyparquet directly.
    const delay = column(version, 'delay');
    const delayStatistics = metadata.row_groups.map((group) => group.columns[1].meta_data!.statistics!);
    assert.equal(delay.min, Math.min(...delayStatistics.map((s) => Number(s.min_value))));
    assert.equal(delay.max, Math.max(...delayStatistics.map((s) => Number(s.max_value))));
    const scan = await parquetScan({ file, metadata, compressors, columns: ['delay', 'origin'] });
    const delays: number[] = [];
    const origins: string[] = [];
    for (const { rowStart, rowEnd } of scan.ranges) {
      for (const value of await scan.readColumn({ column: 'delay', rowStart, rowEnd })) delays.push(Number(value));
      for (const value of await scan.readColumn({ column: 'origin', rowStart, rowEnd })) origins.push(value as string);
    }
    closeTo(delay.mean, delays.reduce((sum, value) => sum + value, 0) / 3_000_000, 'delay mean');
    const origin = column(version, 'origin');
    assert.deepEqual(origin.topCategories, topCategories(origins));
    assert.equal(origin.distinctCount, new Set(origins).size);
    assert.deepEqual(origin.estimated, [], 'a few hundred airports are counted exactly');

    // DuckDB profiles the numbers and text exactly, 3M delays' quantiles included; the timestamps, left to the
    // hand-written reader, are minutes of a year past its exact limits, and the profile says what it estimated.
    assert.deepEqual(delay.estimated, []);
    const sortedDelays = delays.sort((a, b) => a - b);
    assert.deepEqual(delay.quantiles, PROBABILITIES.map((p) => ({ p, value: stats.quantileSorted(sortedDelays, p) })));
    assert.deepEqual(column(version, 'date').estimated, ['distinctCount', 'topCategories']);
  });

  test('flights-3m.parquet profiles in a JavaScript heap capped at 128 MiB and DuckDB held to 64MB: memory is bounded, not by the file', async () => {
    const script = `require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'storage', 'dataset-profile.js'))})
      .profileDatasetFiles([${JSON.stringify(FLIGHTS)}], 'parquet')
      .then(({ profile }) => console.log(profile.rowCount, profile.schema.map((column) => column.estimated.length).join(',')));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=128', '-e', script], {
      env: { ...process.env, PROVENANT_DUCKDB_MEMORY_LIMIT: '64MB' },
    });
    // Only the timestamps, profiled by the streaming reader, have estimates.
    assert.equal(stdout.trim(), '3000000 2,0,0,0,0');
  });

  test('a Parquet version reads back for training as typed columns, in schema order', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const uri = path.join(harness.config.dataDir, 'penguins-small.parquet');
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'Beak Length (mm)', data: [39.1, null, 40.3], type: 'DOUBLE' },
        { name: 'Species', data: ['Adelie', 'Gentoo', 'Adelie'], type: 'STRING' },
        { name: 'Measured', data: [true, false, true], type: 'BOOLEAN' },
      ],
    });
    await writeFile(uri, new Uint8Array(bytes));
    const version = await register('penguins-parquet', uri);
    const stored = mustExist(await findDatasetVersion(harness.dataSource, version.id), `dataset version ${version.id}`);
    const table = await readDatasetTable(artifactStoreFor(harness.config), stored);
    assert.deepEqual(table.columnNames, ['Beak Length (mm)', 'Species', 'Measured']);
    assert.deepEqual(table.columns, [[39.1, null, 40.3], ['Adelie', 'Gentoo', 'Adelie'], [true, false, true]]);
    assert.deepEqual(table.schema.map((c) => c.type), ['number', 'string', 'boolean']);
  });

  test('malformed Parquet: BAD_USER_INPUT on input.uri naming the problem, and nothing written', async () => {
    const artifacts = path.join(harness.config.dataDir, 'artifacts');
    const counts = async () => {
      await auditLogSealed(harness.dataSource);
      return {
        rows: await harness.dataSource.query(`SELECT
          (SELECT count(*)::int FROM dataset) AS datasets, (SELECT count(*)::int FROM dataset_version) AS versions,
          (SELECT count(*)::int FROM audit_event) AS audit, (SELECT count(*)::int FROM lineage_node) AS lineage`),
        blobs: (await readdir(path.join(artifacts, 'sha256'), { recursive: true })).length,
      };
    };
    const before_ = await counts();

    const random = path.join(harness.config.dataDir, 'random.parquet');
    await writeFile(random, createHash('sha512').update('not parquet').digest());
    const truncated = path.join(harness.config.dataDir, 'truncated.parquet');
    const source = await open(FLIGHTS);
    const head = Buffer.alloc(1 << 20);
    await source.read(head, 0, head.length, 0);
    await source.close();
    await writeFile(truncated, head);

    for (const uri of [random, truncated]) {
      const response: GraphqlResponse = await harness.gql(REGISTER, { input: { name: 'broken', uri } });
      assert.equal(response.data, null);
      const [error] = response.errors!;
      assert.equal(error.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(error));
      assert.equal(error.extensions?.field, 'input.uri');
      assert.match(error.message, /^input\.uri: malformed Parquet: parquet file invalid \(footer != PAR1\)/);
    }
    assert.deepEqual(await counts(), before_);
    assert.deepEqual(await readdir(path.join(artifacts, 'staging')), []);
  });
});
