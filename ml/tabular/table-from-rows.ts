import { TableFormatError, type Cell, type Table } from './table';

export function tableFromRows(columnNames: string[], rows: Cell[][]): Table {
  const seen = new Set<string>();
  columnNames.forEach((name, index) => {
    if (name.trim() === '') throw new TableFormatError(`header column ${index + 1} has no name`);
    if (seen.has(name)) throw new TableFormatError(`header names column ${JSON.stringify(name)} twice`);
    seen.add(name);
  });
  if (rows.length === 0) throw new TableFormatError('file has a header but no data rows');
  const columns: Cell[][] = columnNames.map(() => new Array<Cell>(rows.length));
  rows.forEach((row, r) => {
    columnNames.forEach((_, c) => {
      columns[c][r] = row[c] ?? null;
    });
  });
  return { columnNames, columns, rowCount: rows.length };
}
