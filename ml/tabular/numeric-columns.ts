import type { Cell, Table } from './table';
import { columnIndex } from './table';

/** Rows where every named column has a value: the rows a model can learn from. */
export function completeRows(table: Table, columnNames: string[]): Uint32Array {
  const columns = columnNames.map((name) => table.columns[columnIndex(table, name)]);
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r += 1) {
    if (columns.every((column) => column[r] !== null)) rows.push(r);
  }
  return Uint32Array.from(rows);
}

/** The column's values at `rows` as float64; booleans become 0/1. */
export function numericColumn(table: Table, name: string, rows: Uint32Array): Float64Array {
  const cells = table.columns[columnIndex(table, name)];
  // Plain loops: TypedArray.from and Array.from with a mapping callback cost several times more on millions of rows.
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) values[i] = numericValueOf(cells[rows[i]]);
  return values;
}

export function cellsAt(table: Table, name: string, rows: Uint32Array): Cell[] {
  const cells = table.columns[columnIndex(table, name)];
  const values = new Array<Cell>(rows.length);
  for (let i = 0; i < rows.length; i += 1) values[i] = cells[rows[i]];
  return values;
}

/** A cell as a numeric feature reads it: a number as is, a boolean as 0/1, anything else NaN (missing). */
export function numericValueOf(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  return Number.NaN;
}
