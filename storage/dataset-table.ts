import type { DatasetVersionEntity } from '../db/datasets';
import { readTable } from '../ml/tabular/parse-table';
import type { TypedTable } from '../ml/tabular/table';
import { typeTable } from '../ml/tabular/type-table';
import type { ArtifactStore } from './artifact-store';

/**
 * Reads a registered dataset version back from the store, typed by the schema stored at
 * registration; its bytes are verified against their sha256.
 */
export async function readDatasetTable(store: ArtifactStore, version: DatasetVersionEntity): Promise<TypedTable> {
  return typeTable(await readTable(await store.read(version.storageUri), version.format), version.schema);
}
