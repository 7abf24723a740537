import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DatasetVersionEntity } from '../db/datasets';
import type { PipelineInput } from '../domain/pipeline';
import { REPO_ROOT } from '../platform/config';
import { readTable } from '../ml/tabular/parse-table';
import type { TypedTable } from '../ml/tabular/table';
import { typeTable } from '../ml/tabular/type-table';
import { validateData } from '../ml/validation/validate-data';
import { LocalArtifactStore, type ArtifactStore } from '../storage/artifact-store';
import { storeDatasetFile } from '../storage/dataset-registration';
import { readDatasetTable } from '../storage/dataset-table';
import { readColumnsWithDuckDb } from '../storage/duckdb-columns';
import { featureColumnsOf, featureSpecOf, splitRows, usableRows } from './training-data';

interface Case {
  file: string;
  target: string;
  features: string[];
  task: PipelineInput['task'];
  /** Left to the hand-written reader: JSON lines, and a byte-order mark before a quoted first name, which DuckDB's CSV sniffer refuses. */
  byHandOnly?: boolean;
}

/** Registered as registerDataset does, then read back as the validate stage and training read it. */
async function registered(store: ArtifactStore, file: string): Promise<DatasetVersionEntity> {
  const stored = await storeDatasetFile(store, file);
  return { id: path.basename(file), format: stored.format, schema: stored.profile.schema, storageUri: stored.artifact.uri, parts: null } as unknown as DatasetVersionEntity;
}

/** What the validate stage and training read before DuckDB: the hand-written reader's cells, typed by the stored schema. */
async function readByHand(store: ArtifactStore, version: DatasetVersionEntity): Promise<TypedTable> {
  return typeTable(await readTable(await store.read(version.storageUri), version.format), version.schema);
}

function trainingInput({ target, features, task }: Case, tuning: boolean): PipelineInput {
  return { target, features, task, seed: 7, testFraction: 0.25, tuning: tuning ? { trials: 4 } : null, expectations: [] } as unknown as PipelineInput;
}

/** The validation report and the training and test matrices, as validateTrainingData and loadTrainingData derive them. */
function derived(table: TypedTable, input: PipelineInput) {
  const rows = usableRows(table, input);
  const splits = splitRows(table, rows, input);
  const spec = featureSpecOf(table, input.features);
  const expectations = input.features.map((column) => ({ column, nullable: false, min: 0, max: 100, unique: true }));
  return {
    validation: validateData({ table, expectations, training: { ...input, rows, split: splits } }),
    contractOnly: validateData({ table, expectations: [] }),
    rows,
    spec,
    columns: featureColumnsOf(table, spec, rows),
    splits,
  };
}

test('validation and the training and test matrices read through DuckDB are those of the hand-written readers', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'training-data-'));
  const store = new LocalArtifactStore(path.join(dir, 'artifacts'));
  const parquet = path.join(dir, 'mixed.parquet');
  const connection = await (await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })).connect();
  await connection.run(`COPY (SELECT i::INTEGER AS small, CASE WHEN i % 7 = 0 THEN 'nan'::DOUBLE WHEN i % 13 = 0 THEN NULL ELSE i / 3 END AS ratio,
    (i / 7)::FLOAT AS single, CASE WHEN i % 5 = 0 THEN NULL ELSE 'c' || (i % 9) END AS category, i % 3 = 0 AS third FROM range(3000) t(i))
    TO '${parquet}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000)`);
  connection.closeSync();
  const quoted = path.join(dir, 'quoted.csv');
  const lines = Array.from({ length: 60 }, (_, i) => `"${i % 4}, ${i % 3}",${i % 5 === 0 ? '' : i * 1.5},${i % 2 === 0 ? 'TRUE' : 'false'},"line\n${i % 6}"`);
  await writeFile(quoted, `"group, name",value,flag,note\r\n${lines.join('\r\n')}\r\n`);
  const marked = path.join(dir, 'marked.csv');
  await writeFile(marked, `\uFEFF"group, name",value,flag,note\r\n${lines.join('\r\n')}\r\n`);
  const cases: Case[] = [
    { file: path.join(REPO_ROOT, 'sample-data', 'seattle-weather.csv'), target: 'weather', features: ['precipitation', 'temp_max', 'temp_min', 'wind'], task: 'CLASSIFICATION' },
    { file: path.join(REPO_ROOT, 'sample-data', 'seattle-weather.csv'), target: 'temp_max', features: ['precipitation', 'wind', 'weather'], task: 'REGRESSION' },
    { file: parquet, target: 'third', features: ['small', 'ratio', 'single', 'category'], task: 'CLASSIFICATION' },
    { file: quoted, target: 'value', features: ['group, name', 'flag', 'note'], task: 'REGRESSION' },
    { file: marked, target: 'value', features: ['group, name', 'flag', 'note'], task: 'REGRESSION', byHandOnly: true },
    { file: path.join(REPO_ROOT, 'sample-data', 'penguins.jsonl'), target: 'Species', features: ['Beak Length (mm)', 'Island'], task: 'CLASSIFICATION', byHandOnly: true },
  ];
  for (const testCase of cases) {
    const version = await registered(store, testCase.file);
    const table = await readDatasetTable(store, version);
    const byHand = await readByHand(store, version);
    const what = `${path.basename(testCase.file)} → ${testCase.target}`;
    const byDuckDb = await readColumnsWithDuckDb(testCase.file, version.format, version.schema, version.schema.map((column) => column.name));
    assert.equal(byDuckDb === null, testCase.byHandOnly === true, `${what}: read by DuckDB or by hand`);
    assert.deepEqual(table, byHand, `${what}: cells and schema`);
    for (const tuning of [false, true]) {
      const input = trainingInput(testCase, tuning);
      const ours = derived(table, input);
      assert.deepEqual(ours, derived(byHand, input), what);
      assert.ok(ours.rows.length > 0 && ours.splits.test.length > 0, `${what}: rows to train and test on`);
      assert.ok(ours.validation.checks.length > 4, `${what}: checks ran`);
    }
  }
});
