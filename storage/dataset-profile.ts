import type { DatasetFormat } from '../domain/dataset';
import { fileSlices } from '../ml/tabular/parse-table';
import { TableProfiler, type TableProfile } from '../ml/tabular/profile/table-profiler';
import { profileWithDuckDb } from './duckdb-profile';

export interface DatasetFilesProfile {
  profile: TableProfile;
  /** Rows of each file, in the order given. */
  fileRowCounts: number[];
}

/**
 * The profile registration stores for a dataset file, or for a set of Parquet files as
 * their rows together: by DuckDB, exact and out of core, where its cells are the
 * hand-written readers' (profileWithDuckDb); the columns it leaves, and files it does not
 * read (JSON lines, a file DuckDB reads otherwise or refuses), by the hand-written
 * readers' one streaming pass, whose errors name what is wrong with a file.
 */
export async function profileDatasetFiles(files: readonly string[], format: DatasetFormat): Promise<DatasetFilesProfile> {
  const byDuckDb = await profileWithDuckDb(files, format);
  if (!byDuckDb) return profileWithReaders(files, format);
  const leftOver = byDuckDb.columnNames.filter((_, c) => byDuckDb.schema[c] === null);
  const rest = leftOver.length > 0 ? (await profileWithReaders(files, format, leftOver)).profile.schema : [];
  return {
    profile: {
      rowCount: byDuckDb.rowCount,
      schema: byDuckDb.schema.map((column, c) => column ?? rest.find((other) => other.name === byDuckDb.columnNames[c])!),
    },
    fileRowCounts: byDuckDb.fileRowCounts,
  };
}

/**
 * ml/tabular/profile's one pass over the files' rows in order, holding one slice at a time
 * (its distinct counts, top values and quantiles are estimates past its exact limits, and
 * say so); of Parquet files only `columnNames`, when given.
 */
async function profileWithReaders(files: readonly string[], format: DatasetFormat, columnNames?: readonly string[]): Promise<DatasetFilesProfile> {
  const profiler = new TableProfiler();
  const fileRowCounts: number[] = [];
  let rowsBefore = 0;
  for (const file of files) {
    let rows = 0;
    for await (const slice of fileSlices(file, format, columnNames)) {
      // A file's rows start after the previous files' rows.
      profiler.add({ ...slice, rowStart: rowsBefore + slice.rowStart });
      rows = Math.max(rows, slice.rowStart + slice.rowCount);
    }
    fileRowCounts.push(rows);
    rowsBefore += rows;
  }
  return { profile: profiler.finish(), fileRowCounts };
}
