import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scipyTestsFor, type DriftBenchDataset } from './drift-dataset';

/**
 * Writes a dataset where bench/python/drift_peers.py reads it, so the peers get exactly
 * the values the engine gets: numeric columns as raw little-endian doubles (NaN missing),
 * categorical ones as little-endian int32 codes into the manifest's categories (−1
 * missing), and manifest.json naming the files and the scipy tests per column.
 */
export async function writePeerInputFiles(dataset: DriftBenchDataset, dir: string): Promise<void> {
  const columns = [];
  for (const [index, column] of dataset.columns.entries()) {
    const files = { reference: `${index}.reference.bin`, current: `${index}.current.bin` };
    if (column.kind === 'numeric') {
      await writeFile(path.join(dir, files.reference), bytesOf(column.reference));
      await writeFile(path.join(dir, files.current), bytesOf(column.current));
      columns.push({ name: column.name, kind: column.kind, scipyTests: scipyTestsFor(column), ...files });
    } else {
      const categories = [...new Set([...column.reference, ...column.current].filter((value): value is string => value !== null))].sort();
      const codeOf = new Map(categories.map((category, code) => [category, code]));
      const codes = (values: (string | null)[]) => Int32Array.from(values, (value) => (value === null ? -1 : codeOf.get(value)!));
      await writeFile(path.join(dir, files.reference), bytesOf(codes(column.reference)));
      await writeFile(path.join(dir, files.current), bytesOf(codes(column.current)));
      columns.push({ name: column.name, kind: column.kind, scipyTests: scipyTestsFor(column), categories, ...files });
    }
  }
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ label: dataset.label, columns }));
}

/** Typed arrays are little-endian on every platform Node runs on. */
function bytesOf(values: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
