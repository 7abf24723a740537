import { createReadStream } from 'node:fs';
import { RowSlicer } from './row-slicer';
import { TableFormatError, type Cell, type TableSlice } from './table';
import { utf8Chunks, utf8Text } from './utf8';

/** One JSON object per line, from memory; columns are the union of keys in first-seen order. */
export function jsonLinesSlices(bytes: Uint8Array): TableSlice[] {
  const slices: TableSlice[] = [];
  const rows = new JsonLinesRows((slice) => slices.push(slice));
  for (const line of utf8Text(bytes).split('\n')) rows.add(line);
  rows.end();
  return slices;
}

/** The same, streamed from a file: no more than a slice of rows is held at once. */
export async function* jsonLinesFileSlices(file: string): AsyncGenerator<TableSlice> {
  const slices: TableSlice[] = [];
  const rows = new JsonLinesRows((slice) => slices.push(slice));
  let partialLine = '';
  for await (const text of utf8Chunks(createReadStream(file))) {
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop()!;
    for (const line of lines) rows.add(line);
    yield* slices.splice(0);
  }
  rows.add(partialLine);
  rows.end();
  yield* slices.splice(0);
}

class JsonLinesRows {
  private readonly slicer: RowSlicer;
  private readonly positions = new Map<string, number>();
  private lineNumber = 0;

  constructor(emit: (slice: TableSlice) => void) {
    this.slicer = new RowSlicer(emit);
  }

  add(line: string): void {
    this.lineNumber += 1;
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new TableFormatError(`malformed JSON at line ${this.lineNumber}: ${(error as Error).message}`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new TableFormatError(`line ${this.lineNumber} is not a JSON object`);
    }
    const row: Cell[] = [];
    for (const [key, value] of Object.entries(record)) {
      if (value !== null && typeof value === 'object') {
        throw new TableFormatError(`line ${this.lineNumber}: column ${JSON.stringify(key)} holds a nested value`);
      }
      row[this.position(key)] = value as Cell;
    }
    this.slicer.addRow(row);
  }

  end(): void {
    if (this.slicer.end() === 0) throw new TableFormatError('file is empty');
    if (this.positions.size === 0) throw new TableFormatError('no line has a key, so the table has no columns');
  }

  private position(key: string): number {
    let position = this.positions.get(key);
    if (position === undefined) {
      if (key.trim() === '') throw new TableFormatError(`line ${this.lineNumber}: a key is blank, and a column needs a name`);
      position = this.slicer.addColumn(key);
      this.positions.set(key, position);
    }
    return position;
  }
}
