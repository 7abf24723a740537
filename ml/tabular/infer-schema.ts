import type { ColumnSchema, ColumnType } from '../../domain/dataset';
import type { Cell, Table, TypedTable } from './table';

/**
 * Types each column from its non-null values: all finite numbers → number, all
 * true/false → boolean, anything else → string. Cells are converted to that type, so
 * a numeric column read from CSV holds numbers.
 */
export function inferSchema(table: Table): TypedTable {
  const schema: ColumnSchema[] = [];
  const columns = table.columns.map((cells, c) => {
    const type = columnType(cells);
    const typed = cells.map((cell) => convert(cell, type));
    const present = typed.filter((cell) => cell !== null);
    schema.push({
      name: table.columnNames[c],
      type,
      nullCount: typed.length - present.length,
      distinctCount: new Set(present).size,
    });
    return typed;
  });
  return { ...table, columns, schema };
}

function columnType(cells: Cell[]): ColumnType {
  let numbers = true;
  let booleans = true;
  let any = false;
  for (const cell of cells) {
    if (cell === null) continue;
    any = true;
    if (numbers && toNumber(cell) === null) numbers = false;
    if (booleans && toBoolean(cell) === null) booleans = false;
    if (!numbers && !booleans) return 'string';
  }
  if (!any) return 'string';
  return numbers ? 'number' : 'boolean';
}

function convert(cell: Cell, type: ColumnType): Cell {
  if (cell === null) return null;
  if (type === 'number') return toNumber(cell);
  if (type === 'boolean') return toBoolean(cell);
  return String(cell);
}

function toNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string' || cell.trim() === '') return null;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}

function toBoolean(cell: Cell): boolean | null {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell !== 'string') return null;
  const lowered = cell.trim().toLowerCase();
  return lowered === 'true' ? true : lowered === 'false' ? false : null;
}
