import type { ColumnSchema } from '../../domain/dataset';
import { convertCell } from './cells';
import type { Table, TypedTable } from './table';

/**
 * The table's cells converted to the column types of `schema`, which is given in the
 * table's column order on the result. Reading a stored dataset version this way gives
 * training exactly the types that were registered, without profiling the data again.
 */
export function typeTable(table: Table, schema: ColumnSchema[]): TypedTable {
  const byName = new Map(schema.map((column) => [column.name, column]));
  const ordered = table.columnNames.map((name) => {
    const column = byName.get(name);
    if (!column) throw new Error(`column ${JSON.stringify(name)} is not in the dataset's schema`);
    return column;
  });
  if (ordered.length !== schema.length) {
    throw new Error(`the dataset's schema has ${schema.length} columns but its file has ${ordered.length}`);
  }
  return {
    ...table,
    columns: table.columns.map((cells, c) => cells.map((cell) => convertCell(cell, ordered[c].type))),
    schema: ordered,
  };
}
