import { TableFormatError, type Cell, type Table } from './table';
import { tableFromRows } from './table-from-rows';

/** One JSON object per line; columns are the union of keys in first-seen order. */
export function parseJsonLines(text: string): Table {
  if (text.trim() === '') throw new TableFormatError('file is empty');
  const columnNames: string[] = [];
  const positions = new Map<string, number>();
  const rows: Cell[][] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const lineNumber = index + 1;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new TableFormatError(`malformed JSON at line ${lineNumber}: ${(error as Error).message}`);
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new TableFormatError(`line ${lineNumber} is not a JSON object`);
    }
    const row: Cell[] = [];
    for (const [key, value] of Object.entries(record)) {
      if (value !== null && typeof value === 'object') {
        throw new TableFormatError(`line ${lineNumber}: column ${JSON.stringify(key)} holds a nested value`);
      }
      let position = positions.get(key);
      if (position === undefined) {
        position = columnNames.push(key) - 1;
        positions.set(key, position);
      }
      row[position] = value as Cell;
    }
    rows.push(row);
  });
  return tableFromRows(columnNames, rows);
}
