import { parse } from 'csv-parse/sync';
import { TableFormatError, type Table } from './table';
import { tableFromRows } from './table-from-rows';

/** RFC 4180 CSV with a header row. Empty cells become null; typing happens in inferSchema. */
export function parseCsv(text: string): Table {
  if (text.trim() === '') throw new TableFormatError('file is empty');
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_quotes: false });
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    throw new TableFormatError(`malformed CSV${lines ? ` at line ${lines}` : ''}: ${message.replace(/^Invalid [^:]*: /, '')}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new TableFormatError('file is empty');
  return tableFromRows(
    header,
    rows.map((row) => row.map((cell) => (cell === '' ? null : cell))),
  );
}
