import type { DatasetFormat } from '../domain/dataset';
import { profileTableFiles, type FilesProfile } from '../ml/tabular/parse-table';
import { profileWithDuckDb } from './duckdb-profile';

/**
 * The profile registration stores for a dataset file, or for a set of Parquet files as
 * their rows together: by DuckDB, exact and out of core, where its cells are the
 * hand-written readers' (profileWithDuckDb); the columns it leaves, and files it does not
 * read (JSON lines, a file DuckDB reads otherwise or refuses), by the hand-written
 * readers' one streaming pass, whose errors name what is wrong with a file.
 */
export async function profileDatasetFiles(files: readonly string[], format: DatasetFormat): Promise<FilesProfile> {
  const byDuckDb = await profileWithDuckDb(files, format);
  if (!byDuckDb) return profileTableFiles(files, format);
  const leftOver = byDuckDb.columnNames.filter((_, c) => byDuckDb.schema[c] === null);
  const rest = leftOver.length > 0 ? (await profileTableFiles(files, format, leftOver)).profile.schema : [];
  return {
    profile: {
      rowCount: byDuckDb.rowCount,
      schema: byDuckDb.schema.map((column, c) => column ?? rest.find((other) => other.name === byDuckDb.columnNames[c])!),
    },
    fileRowCounts: byDuckDb.fileRowCounts,
  };
}
