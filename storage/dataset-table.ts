import type { DatasetVersionEntity } from '../db/entities';
import { parseTable } from '../ml/tabular/parse-table';
import type { TypedTable } from '../ml/tabular/table';
import type { ArtifactStore } from './artifact-store';

/** Reads a registered dataset version back from the store; its bytes are verified against their sha256. */
export async function readDatasetTable(store: ArtifactStore, version: DatasetVersionEntity): Promise<TypedTable> {
  return parseTable(await store.read(version.storageUri), version.format);
}
