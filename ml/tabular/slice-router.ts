import type { ColumnType } from '../../domain/dataset';
import type { Cell, TableSlice } from './table';

/** Whatever takes in one column's cells, slice by slice, in row order. */
export interface ColumnSink {
  readonly rows: number;
  add(cells: ArrayLike<Cell>): void;
  addNulls(count: number): void;
}

/**
 * Routes each slice's columns to one sink per column, by name, in the order columns first
 * appear. A column first seen after row 0 (a JSON-lines key that appears late) is null in
 * the rows before, and every column is null-padded to the table's row count at the end.
 */
export class SliceRouter<S extends ColumnSink> {
  private readonly sinks = new Map<string, S>();
  private rowCount = 0;

  constructor(private readonly createSink: (declaredType: ColumnType | undefined) => S) {}

  add(slice: TableSlice): void {
    slice.columnNames.forEach((name, c) => {
      let sink = this.sinks.get(name);
      if (!sink) {
        sink = this.createSink(slice.columnTypes?.[c]);
        this.sinks.set(name, sink);
      }
      if (sink.rows > slice.rowStart) throw new Error(`column ${JSON.stringify(name)} was sliced out of row order`);
      sink.addNulls(slice.rowStart - sink.rows);
      sink.add(slice.columns[c]);
    });
    this.rowCount = Math.max(this.rowCount, slice.rowStart + slice.rowCount);
  }

  finish(): { rowCount: number; columns: [string, S][] } {
    for (const sink of this.sinks.values()) sink.addNulls(this.rowCount - sink.rows);
    return { rowCount: this.rowCount, columns: [...this.sinks] };
  }
}
