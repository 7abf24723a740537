import type { DatasetFormat } from '../../domain/dataset';
import { inferSchema } from './infer-schema';
import { parseCsv } from './parse-csv';
import { parseJsonLines } from './parse-json-lines';
import { TableFormatError, type TypedTable } from './table';

const EXTENSIONS: Record<string, DatasetFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

export function formatFromFileName(fileName: string): DatasetFormat {
  const extension = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  const format = EXTENSIONS[extension];
  if (!format) {
    throw new TableFormatError(`unsupported file type ${JSON.stringify(extension)}; expected one of ${Object.keys(EXTENSIONS).join(', ')}`);
  }
  return format;
}

export function parseTable(bytes: Uint8Array, format: DatasetFormat): TypedTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TableFormatError('file is not valid UTF-8 text');
  }
  return inferSchema(format === 'csv' ? parseCsv(text) : parseJsonLines(text));
}
