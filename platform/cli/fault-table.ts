import { readFile } from 'node:fs/promises';

/** One fault as a suite measured it; the suites append these to PROVENANT_FAULT_RESULTS, one JSON line each. */
export interface FaultResult {
  fault: string;
  /** Pipeline runs, drift scans or batch jobs in flight when the fault hit. */
  runs: number;
  /** Those that reached their expected end. */
  completed: number;
  /** Rows a retried write added twice (model versions per run, lineage edges, audit facts, alias moves, canary steps). */
  duplicates: number;
  /** Those that did not reach their expected end: failed, or still going at the deadline. */
  lost: number;
}

export async function readFaultResults(file: string): Promise<FaultResult[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FaultResult);
}

/** A Markdown table, one row a fault in alphabetical order (suites finish in any order), numbers right-aligned. */
export function formatFaultTable(results: FaultResult[]): string {
  const header = ['fault', 'runs', 'completed', 'duplicates', 'lost'];
  const rows = [...results].sort((a, b) => a.fault.localeCompare(b.fault)).map((r) => [r.fault, r.runs, r.completed, r.duplicates, r.lost].map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}
