import type { ColumnType } from '../../domain/dataset';
import type { Cell } from './table';

/** The cell as a finite number, or null when it is not one. Numeric text ("1.5") counts: CSV holds only text. */
export function toNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string' || cell.trim() === '') return null;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}

/** The cell as a boolean, or null: true/false in any letter case. */
export function toBoolean(cell: Cell): boolean | null {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell !== 'string') return null;
  const lowered = cell.trim().toLowerCase();
  return lowered === 'true' ? true : lowered === 'false' ? false : null;
}

/** The cell as a value of its column's type; the type was chosen so that every non-null cell converts. */
export function convertCell(cell: Cell, type: ColumnType): Cell {
  if (cell === null) return null;
  if (type === 'number') return toNumber(cell);
  if (type === 'boolean') return toBoolean(cell);
  return String(cell);
}
