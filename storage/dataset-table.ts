import { readFile } from 'node:fs/promises';
import type { DatasetVersionEntity } from '../db/datasets';
import { readTable } from '../ml/tabular/parse-table';
import type { TypedTable } from '../ml/tabular/table';
import { typeTable } from '../ml/tabular/type-table';
import type { ArtifactStore } from './artifact-store';
import { readColumnsWithDuckDb, withLocalCopy } from './duckdb-columns';

/**
 * Reads a registered dataset version back from the store, typed by the schema stored at
 * registration; its bytes are verified against their sha256.
 */
export async function readDatasetTable(store: ArtifactStore, version: DatasetVersionEntity): Promise<TypedTable> {
  return typeTable(await readTable(await store.read(version.storageUri), version.format), version.schema);
}

/**
 * The named columns of a registered dataset version (and perhaps others), with exactly the
 * cells readDatasetTable gives them: read by DuckDB, only those columns, where its cells are
 * the hand-written readers' (CSV, and Parquet of numbers, booleans and text), else the
 * whole table the usual way, from the same copy.
 */
export async function readDatasetColumns(store: ArtifactStore, version: DatasetVersionEntity, names: readonly string[]): Promise<TypedTable> {
  return withLocalCopy(store, version.storageUri, version.format, async (file) => {
    const columns = await readColumnsWithDuckDb(file, version.format, version.schema, names);
    return columns ?? typeTable(await readTable(await readFile(file), version.format), version.schema);
  });
}
