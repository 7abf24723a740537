import type { Cell, TableSlice } from './table';

/** Rows per slice from row-oriented files: enough to amortise the per-slice work, small enough to not matter in memory. */
export const SLICE_ROWS = 8192;

/** Gathers rows, as a reader parses them, into column-major slices of at most SLICE_ROWS rows. */
export class RowSlicer {
  readonly columnNames: string[] = [];
  private columns: Cell[][] = [];
  private rowStart = 0;
  private rows = 0;

  constructor(private readonly emit: (slice: TableSlice) => void) {}

  /** Adds a column, null in this slice's earlier rows; returns its position in rows. */
  addColumn(name: string): number {
    this.columns.push(new Array<Cell>(this.rows).fill(null));
    return this.columnNames.push(name) - 1;
  }

  /** A row by column position; missing cells are null. */
  addRow(row: readonly (Cell | undefined)[]): void {
    for (let c = 0; c < this.columns.length; c += 1) this.columns[c].push(row[c] ?? null);
    this.rows += 1;
    if (this.rows === SLICE_ROWS) this.flush();
  }

  /** Emits the rows not yet emitted; returns the number of rows in all. */
  end(): number {
    this.flush();
    return this.rowStart;
  }

  private flush(): void {
    if (this.rows === 0) return;
    this.emit({ rowStart: this.rowStart, rowCount: this.rows, columnNames: [...this.columnNames], columns: this.columns });
    this.rowStart += this.rows;
    this.rows = 0;
    this.columns = this.columnNames.map(() => []);
  }
}
