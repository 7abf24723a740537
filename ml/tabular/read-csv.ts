import { parse as parseStream, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { checkColumnNames } from './column-names';
import { RowSlicer } from './row-slicer';
import { TableFormatError, type TableSlice } from './table';
import { utf8Chunks, utf8Text } from './utf8';

const CSV_OPTIONS: Options = { skip_empty_lines: true, relax_quotes: false };

/** RFC 4180 CSV with a header row, from memory. Empty cells become null; types are inferred later. */
export function csvSlices(bytes: Uint8Array): TableSlice[] {
  const slices: TableSlice[] = [];
  const rows = new CsvRows((slice) => slices.push(slice));
  let records: string[][];
  try {
    records = parseSync(utf8Text(bytes), CSV_OPTIONS);
  } catch (error) {
    throw csvFormatError(error);
  }
  for (const record of records) rows.add(record);
  rows.end();
  return slices;
}

/** The same, streamed from a file: no more than a slice of rows is held at once. */
export async function* csvFileSlices(file: string): AsyncGenerator<TableSlice> {
  const slices: TableSlice[] = [];
  const rows = new CsvRows((slice) => slices.push(slice));
  const records = parseStream(CSV_OPTIONS);
  // pipeline, unlike pipe, hands a decoding error on to the parser, so iterating it throws.
  pipeline(Readable.from(utf8Chunks(createReadStream(file))), records, () => {});
  try {
    for await (const record of records) {
      rows.add(record as string[]);
      yield* slices.splice(0);
    }
  } catch (error) {
    throw csvFormatError(error);
  }
  rows.end();
  yield* slices.splice(0);
}

class CsvRows {
  private slicer: RowSlicer | null = null;

  constructor(private readonly emit: (slice: TableSlice) => void) {}

  add(record: string[]): void {
    if (!this.slicer) {
      checkColumnNames(record);
      this.slicer = new RowSlicer(this.emit);
      for (const name of record) this.slicer.addColumn(name);
    } else {
      this.slicer.addRow(record.map((cell) => (cell === '' ? null : cell)));
    }
  }

  end(): void {
    if (!this.slicer) throw new TableFormatError('file is empty');
    if (this.slicer.end() === 0) throw new TableFormatError('file has a header but no data rows');
  }
}

/** csv-parse's errors name the line; other errors (ours, or the disk's) pass through. */
function csvFormatError(error: unknown): unknown {
  const { code, message, lines } = error as { code?: unknown; message: string; lines?: number };
  if (typeof code !== 'string' || !code.startsWith('CSV_')) return error;
  return new TableFormatError(`malformed CSV${lines ? ` at line ${lines}` : ''}: ${message.replace(/^Invalid [^:]*: /, '')}`);
}
