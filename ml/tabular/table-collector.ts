import { SliceRouter, type ColumnSink } from './slice-router';
import type { Cell, Table, TableSlice } from './table';

/** Gathers slices into one in-memory table, cells as read: for training, which reads whole columns. */
export class TableCollector {
  private readonly router = new SliceRouter(() => new CellColumn());

  add(slice: TableSlice): void {
    this.router.add(slice);
  }

  finish(): Table {
    const { rowCount, columns } = this.router.finish();
    return { columnNames: columns.map(([name]) => name), columns: columns.map(([, column]) => column.cells), rowCount };
  }
}

class CellColumn implements ColumnSink {
  readonly cells: Cell[] = [];

  get rows(): number {
    return this.cells.length;
  }

  add(cells: ArrayLike<Cell>): void {
    for (let i = 0; i < cells.length; i += 1) this.cells.push(cells[i]);
  }

  addNulls(count: number): void {
    for (let i = 0; i < count; i += 1) this.cells.push(null);
  }
}
