import type { ColumnSchema } from '../../domain/dataset';

export type Cell = number | string | boolean | null;

/** Column-major: `columns[c][r]` is row r of column c. Reading by column is what training and scoring do. */
export interface Table {
  columnNames: string[];
  columns: Cell[][];
  rowCount: number;
}

export interface TypedTable extends Table {
  schema: ColumnSchema[];
}

/** A data problem a user can fix, located by line when there is one. */
export class TableFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableFormatError';
  }
}

export function columnIndex(table: Table, name: string): number {
  return table.columnNames.indexOf(name);
}
