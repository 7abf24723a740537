import type { DatasetFormat } from '../domain/dataset';
import { formatFromFileName, profileTableFile } from '../ml/tabular/parse-table';
import type { TableProfile } from '../ml/tabular/profile/table-profiler';
import type { ArtifactStore, StoredArtifact } from './artifact-store';

export interface StoredDatasetFile {
  format: DatasetFormat;
  artifact: StoredArtifact;
  profile: TableProfile;
}

/**
 * Parses and profiles a dataset file in one streaming pass over the store's private
 * copy, and stores it content-addressed only if that succeeds: a file the readers refuse
 * (TableFormatError) leaves nothing behind.
 */
export async function storeDatasetFile(store: ArtifactStore, file: string): Promise<StoredDatasetFile> {
  const format = formatFromFileName(file);
  const { artifact, inspected: profile } = await store.putFile(file, (copy) => profileTableFile(copy, format));
  return { format, artifact, profile };
}
