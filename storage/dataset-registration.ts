import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DatasetFormat, DatasetPart } from '../domain/dataset';
import { fileSlices, formatFromFileName, profileTableFile } from '../ml/tabular/parse-table';
import { TableProfiler, type TableProfile } from '../ml/tabular/profile/table-profiler';
import { TableFormatError } from '../ml/tabular/table';
import type { ArtifactStore, StoredArtifact } from './artifact-store';

export interface StoredDatasetFile {
  format: DatasetFormat;
  artifact: StoredArtifact;
  profile: TableProfile;
  /** Set for a version made of several Parquet files (storeDatasetParts); `artifact` is then its first part. */
  parts?: DatasetPart[];
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

/**
 * Stores a set of Parquet files as one dataset version: each file an artifact of its own,
 * in the order given, profiled together (rowCount and schema over all of them) from the
 * store's private copies. Every part must have the first part's columns. The version's
 * content hash is the sha256 of the parts' sha256s, one per line in order, so the same
 * files register as the same version. A part the reader refuses stops the registration
 * (TableFormatError); parts stored before it stay as unreferenced blobs.
 */
export async function storeDatasetParts(store: ArtifactStore, files: readonly string[]): Promise<StoredDatasetFile> {
  if (files.length === 0) throw new TableFormatError('the set holds no .parquet file');
  const whole = new TableProfiler();
  const parts: DatasetPart[] = [];
  let columns: string | undefined;
  let rowsBefore = 0;
  for (const file of files) {
    if (formatFromFileName(file) !== 'parquet') throw new TableFormatError(`${path.basename(file)} is not a .parquet file: a set of files must be Parquet`);
    const { artifact, inspected: profile } = await store.putFile(file, async (copy) => {
      const own = new TableProfiler();
      for await (const slice of fileSlices(copy, 'parquet')) {
        own.add(slice);
        // The set's rows are the parts' rows in order: this part's start after the previous parts'.
        whole.add({ ...slice, rowStart: rowsBefore + slice.rowStart });
      }
      return own.finish();
    });
    const names = profile.schema.map((column) => column.name).join(', ');
    columns ??= names;
    if (names !== columns) throw new TableFormatError(`${path.basename(file)} has the columns (${names}), not (${columns}) as the set's first file`);
    parts.push({ uri: artifact.uri, sha256: artifact.sha256, byteSize: artifact.byteSize, rows: profile.rowCount });
    rowsBefore += profile.rowCount;
  }
  const sha256 = createHash('sha256')
    .update(parts.map((part) => part.sha256).join('\n'))
    .digest('hex');
  const byteSize = parts.reduce((sum, part) => sum + part.byteSize, 0);
  return { format: 'parquet', artifact: { uri: parts[0].uri, sha256, byteSize }, profile: whole.finish(), parts };
}
