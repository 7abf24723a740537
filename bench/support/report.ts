/** One printed table: a header row and rows of cells already formatted. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

/** A target from the issue and whether this run met it, with the figure that decides. */
export interface TargetCheck {
  target: string;
  observed: string;
  met: boolean;
}

/** What one benchmark hands back: tables to print, targets to judge, and its raw figures for the JSON file. */
export interface BenchmarkReport {
  name: string;
  tables: Table[];
  targets: TargetCheck[];
  notes: string[];
  measurements: Record<string, unknown>;
}

export interface BenchmarkOptions {
  /** Small sizes, for developing the benchmarks rather than measuring. */
  quick: boolean;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchmarkOptions): Promise<BenchmarkReport>;
}

/** Plain text, columns padded to their widest cell; numbers right-aligned. */
export function formatTable(table: Table): string {
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => row[i].length)));
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((row) => /^[-+]?[\d.,]+(e[-+]?\d+)?\s?(×|%|ms|s|MiB|\/s)?$/.test(row[i]) || row[i] === '–'));
  const line = (cells: string[]) => cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [table.title, line(table.columns), widths.map((width) => '-'.repeat(width)).join('  '), ...table.rows.map(line)].join('\n');
}

export function formatTargets(targets: readonly TargetCheck[]): string {
  return targets.map((check) => `${check.met ? 'MET   ' : 'MISSED'}  ${check.target}: ${check.observed}`).join('\n');
}

export const milliseconds = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2)) + ' ms';
export const ratio = (value: number): string => `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
export const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const count = (value: number): string => value.toLocaleString('en-US');
