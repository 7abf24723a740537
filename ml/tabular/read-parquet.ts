import type { AsyncBuffer, DecodedArray, ParquetParsers, SchemaElement, SchemaTree } from 'hyparquet' with { 'resolution-mode': 'import' };
import type { ColumnType } from '../../domain/dataset';
import { checkColumnNames } from './column-names';
import { TableFormatError, type Cell, type TableSlice } from './table';

interface ParquetColumn {
  name: string;
  type: ColumnType;
}

/**
 * A Parquet file's columns, one column of one row group per slice, so memory holds about
 * one row group however large the file is. Reading a column at a time is also what makes
 * Parquet fast: no row objects are ever built. Dates and timestamps become ISO 8601 text,
 * as they are in CSV; NaN and ±Infinity in float columns are missing values, as pandas
 * writes them; 64-bit integers beyond 2^53 lose precision as JavaScript numbers.
 */
export async function* parquetSlices(file: AsyncBuffer, columnNames?: readonly string[]): AsyncGenerator<TableSlice> {
  // hyparquet is published only as ES modules, which this CommonJS build reaches through import().
  const { parquetMetadataAsync, parquetSchema, parquetScan } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  // Magic number, footer length and magic number again: 12 bytes before any content.
  if (file.byteLength < 12) throw new TableFormatError(`malformed Parquet: ${file.byteLength} bytes is too short for a Parquet file`);
  const metadata = await readingParquet(() => parquetMetadataAsync(file));
  const columns = flatColumns(parquetSchema(metadata)).filter((column) => !columnNames || columnNames.includes(column.name));
  if (metadata.num_rows === 0n) throw new TableFormatError('file has no data rows');
  const scan = await readingParquet(() => parquetScan({ file, metadata, compressors, parsers: TEXT_DATES }));
  for (const { rowStart, rowEnd } of scan.ranges) {
    for (const column of columns) {
      const values = await readingParquet(() => scan.readColumn({ column: column.name, rowStart, rowEnd }));
      if (values.length !== rowEnd - rowStart) {
        throw new TableFormatError(`malformed Parquet: column ${JSON.stringify(column.name)} has ${values.length} values in rows ${rowStart}–${rowEnd - 1}`);
      }
      yield { rowStart, rowCount: rowEnd - rowStart, columnNames: [column.name], columnTypes: [column.type], columns: [toCells(values, column)] };
    }
  }
}

/** A Parquet file on disk, read by byte ranges as the reader asks for them; only `columnNames`, when given. */
export async function* parquetFileSlices(path: string, columnNames?: readonly string[]): AsyncGenerator<TableSlice> {
  const { asyncBufferFromFile } = await import('hyparquet');
  yield* parquetSlices(await asyncBufferFromFile(path), columnNames);
}

/** A Parquet file held in memory. */
export function parquetBytesSlices(bytes: Uint8Array): AsyncGenerator<TableSlice> {
  return parquetSlices({
    byteLength: bytes.byteLength,
    slice: (start, end = bytes.byteLength) => bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end) as ArrayBuffer,
  });
}

const isoTime = (milliseconds: number) => new Date(milliseconds).toISOString();
const utf8 = new TextDecoder();
const TEXT_DATES: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (milliseconds) => isoTime(Number(milliseconds)),
  timestampFromMicroseconds: (microseconds) => isoTime(Math.floor(Number(microseconds) / 1e3)),
  timestampFromNanoseconds: (nanoseconds) => isoTime(Math.floor(Number(nanoseconds) / 1e6)),
  dateFromDays: (days) => isoTime(days * 86_400_000).slice(0, 10),
  jsonFromBytes: (bytes) => bytes && utf8.decode(bytes),
};

function flatColumns(schema: SchemaTree): ParquetColumn[] {
  const columns = schema.children.map(({ element, children }) => {
    if (children.length > 0 || element.repetition_type === 'REPEATED') {
      throw new TableFormatError(`column ${JSON.stringify(element.name)} is nested (a list, map or struct); only flat columns can be read`);
    }
    return { name: element.name, type: columnType(element) };
  });
  if (columns.length === 0) throw new TableFormatError('file has no columns');
  checkColumnNames(columns.map((column) => column.name), 'schema');
  return columns;
}

const TEXT_LOGICAL_TYPES = new Set(['STRING', 'ENUM', 'JSON', 'UUID', 'DATE', 'TIMESTAMP']);
const TEXT_CONVERTED_TYPES = new Set(['UTF8', 'ENUM', 'JSON', 'DATE', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS']);
const NUMBER_PHYSICAL_TYPES = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);

function columnType(element: SchemaElement): ColumnType {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (converted === 'DECIMAL' || logical === 'DECIMAL' || logical === 'FLOAT16') return 'number';
  if (element.type === 'INT96' || (logical && TEXT_LOGICAL_TYPES.has(logical)) || (converted && TEXT_CONVERTED_TYPES.has(converted))) return 'string';
  if (element.type === 'BOOLEAN') return 'boolean';
  if (element.type && NUMBER_PHYSICAL_TYPES.has(element.type) && converted !== 'INTERVAL') return 'number';
  if (element.type === 'BYTE_ARRAY' && !logical && !converted) return 'string';
  const kind = logical ?? converted ?? element.type ?? 'group';
  throw new TableFormatError(`column ${JSON.stringify(element.name)} holds ${kind} values; only numbers, text, booleans, dates and timestamps can be read`);
}

function toCells(values: DecodedArray, column: ParquetColumn): Cell[] {
  const cells = new Array<Cell>(values.length);
  for (let i = 0; i < values.length; i += 1) cells[i] = toCell(values[i], column);
  return cells;
}

function toCell(value: unknown, column: ParquetColumn): Cell {
  if (value === null || value === undefined) return null;
  if (column.type === 'number') {
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }
  if (column.type === 'boolean') return Boolean(value);
  return String(value);
}

/** hyparquet's errors on a broken file become a format problem the user can act on; the disk's own errors pass through. */
async function readingParquet<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TableFormatError || (error as NodeJS.ErrnoException).syscall) throw error;
    throw new TableFormatError(`malformed Parquet: ${(error as Error).message}`);
  }
}
