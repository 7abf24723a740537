import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetFormat, DatasetPart } from '../domain/dataset';
import { formatFromFileName } from '../ml/tabular/parse-table';
import type { TableProfile } from '../ml/tabular/profile/table-profiler';
import { TableFormatError } from '../ml/tabular/table';
import type { ArtifactStore, StoredArtifact } from './artifact-store';
import { profileDatasetFiles } from './dataset-profile';
import { TEMP_DIRECTORY } from './duckdb-columns';
import { parquetColumnNames } from './duckdb-profile';

export interface StoredDatasetFile {
  format: DatasetFormat;
  artifact: StoredArtifact;
  profile: TableProfile;
  /** Set for a version made of several Parquet files (storeDatasetParts); `artifact` is then its first part. */
  parts?: DatasetPart[];
}

/**
 * Profiles a dataset file from the store's private copy (profileDatasetFiles), and stores
 * it content-addressed only if that succeeds: a file the readers refuse (TableFormatError)
 * leaves nothing behind.
 */
export async function storeDatasetFile(store: ArtifactStore, file: string): Promise<StoredDatasetFile> {
  const format = formatFromFileName(file);
  const { artifact, inspected } = await store.putFile(file, (copy) => profileDatasetFiles([copy], format));
  return { format, artifact, profile: inspected.profile };
}

/**
 * Stores a set of Parquet files as one dataset version: each file an artifact of its own,
 * in the order given, profiled together (rowCount and schema over all of them, by
 * profileDatasetFiles) from the store's private copies, kept until the profile is made.
 * Every part must have the first part's columns. The version's content hash is the sha256
 * of the parts' sha256s, one per line in order, so the same files register as the same
 * version. A part the reader refuses stops the registration (TableFormatError); parts
 * stored before it stay as unreferenced blobs.
 */
export async function storeDatasetParts(store: ArtifactStore, files: readonly string[]): Promise<StoredDatasetFile> {
  if (files.length === 0) throw new TableFormatError('the set holds no .parquet file');
  await mkdir(TEMP_DIRECTORY, { recursive: true });
  const copies = await mkdtemp(path.join(TEMP_DIRECTORY, 'parts-'));
  try {
    const artifacts: StoredArtifact[] = [];
    const kept: string[] = [];
    let columns: string | undefined;
    for (const file of files) {
      if (formatFromFileName(file) !== 'parquet') throw new TableFormatError(`${path.basename(file)} is not a .parquet file: a set of files must be Parquet`);
      const { artifact, inspected: names } = await store.putFile(file, async (copy) => {
        const names = (await parquetColumnNames(copy)) ?? (await profileDatasetFiles([copy], 'parquet')).profile.schema.map((column) => column.name);
        const keptCopy = path.join(copies, `${kept.length}.parquet`);
        await copyFile(copy, keptCopy);
        kept.push(keptCopy);
        return names.join(', ');
      });
      columns ??= names;
      if (names !== columns) throw new TableFormatError(`${path.basename(file)} has the columns (${names}), not (${columns}) as the set's first file`);
      artifacts.push(artifact);
    }
    const { profile, fileRowCounts } = await profileDatasetFiles(kept, 'parquet');
    const parts = artifacts.map((artifact, p) => ({ uri: artifact.uri, sha256: artifact.sha256, byteSize: artifact.byteSize, rows: fileRowCounts[p] }));
    const sha256 = createHash('sha256')
      .update(parts.map((part) => part.sha256).join('\n'))
      .digest('hex');
    const byteSize = parts.reduce((sum, part) => sum + part.byteSize, 0);
    return { format: 'parquet', artifact: { uri: parts[0].uri, sha256, byteSize }, profile, parts };
  } finally {
    await rm(copies, { recursive: true, force: true });
  }
}
