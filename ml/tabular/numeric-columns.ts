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
  return Float64Array.from(rows, (r) => toFloat(cells[r]));
}

export function cellsAt(table: Table, name: string, rows: Uint32Array): Cell[] {
  const cells = table.columns[columnIndex(table, name)];
  return Array.from(rows, (r) => cells[r]);
}

function toFloat(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  return Number.NaN;
}
