import type { ColumnSchema, ColumnType } from '../../domain/dataset';

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

/**
 * Rows [rowStart, rowStart + rowCount) of some of a table's columns: what readers stream,
 * so none holds a whole file. CSV and JSON lines give every column for a batch of rows;
 * Parquet gives one column of one row group at a time, with the type its schema declares.
 */
export interface TableSlice {
  rowStart: number;
  rowCount: number;
  columnNames: string[];
  columns: ArrayLike<Cell>[];
  /** Declared by the file (Parquet); absent when types must be inferred from the values. */
  columnTypes?: ColumnType[];
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
