import type { DatasetFormat } from '../../domain/dataset';
import { TableProfiler, type TableProfile } from './profile/table-profiler';
import { csvFileSlices, csvSlices } from './read-csv';
import { jsonLinesFileSlices, jsonLinesSlices } from './read-json-lines';
import { parquetBytesSlices, parquetFileSlices } from './read-parquet';
import { TableCollector } from './table-collector';
import { TableFormatError, type Table, type TableSlice, type TypedTable } from './table';
import { typeTable } from './type-table';

const EXTENSIONS: Record<string, DatasetFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.parquet': 'parquet' };

export function formatFromFileName(fileName: string): DatasetFormat {
  const extension = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  const format = EXTENSIONS[extension];
  if (!format) {
    throw new TableFormatError(`unsupported file type ${JSON.stringify(extension)}; expected one of ${Object.keys(EXTENSIONS).join(', ')}`);
  }
  return format;
}

/** The formats held as text, which can be parsed synchronously from memory. */
export type TextFormat = Exclude<DatasetFormat, 'parquet'>;

/** Parses a CSV or JSON-lines file held in memory into typed columns with a profiled schema. */
export function parseTable(bytes: Uint8Array, format: TextFormat): TypedTable {
  const profiler = new TableProfiler();
  const collector = new TableCollector();
  for (const slice of textSlices(bytes, format)) {
    profiler.add(slice);
    collector.add(slice);
  }
  return typeTable(collector.finish(), profiler.finish().schema);
}

/** Every cell of a file held in memory, as read: text formats' cells are still untyped (see typeTable). */
export async function readTable(bytes: Uint8Array, format: DatasetFormat): Promise<Table> {
  const collector = new TableCollector();
  const slices = format === 'parquet' ? parquetBytesSlices(bytes) : textSlices(bytes, format);
  for await (const slice of slices) collector.add(slice);
  return collector.finish();
}

/** A profile of files taken as their rows together, and each file's rows in the order given. */
export interface FilesProfile {
  profile: TableProfile;
  fileRowCounts: number[];
}

/**
 * Row count, column types and column profiles of files on disk, as their rows in order, in
 * one streaming pass: memory holds one slice (a batch of CSV or JSON-lines rows, or one
 * column of one Parquet row group) and each column's bounded profile state, never the
 * table. Of Parquet files only `columnNames`, when given.
 */
export async function profileTableFiles(files: readonly string[], format: DatasetFormat, columnNames?: readonly string[]): Promise<FilesProfile> {
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

function textSlices(bytes: Uint8Array, format: TextFormat): TableSlice[] {
  return format === 'csv' ? csvSlices(bytes) : jsonLinesSlices(bytes);
}

/** A file on disk slice by slice; of a Parquet file only `columnNames`, when given. */
function fileSlices(file: string, format: DatasetFormat, columnNames?: readonly string[]): AsyncIterable<TableSlice> {
  if (format === 'parquet') return parquetFileSlices(file, columnNames);
  return format === 'csv' ? csvFileSlices(file) : jsonLinesFileSlices(file);
}
