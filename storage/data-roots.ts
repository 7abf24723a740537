import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { badInput } from '../domain/errors';

/**
 * Resolves a dataset `uri` (a path or file:// URL) to a real file inside one of the
 * configured data roots. Symlinks are resolved first, so a link pointing outside a
 * root is refused like any other path outside it. Only regular files pass: reading a
 * directory fails, and reading a FIFO or a device inside a root could block forever.
 */
export async function resolveInsideDataRoots(uri: string, dataRoots: string[], field = 'input.uri'): Promise<string> {
  const { resolved, candidate } = await resolvePath(uri, field);
  await insideDataRoots(resolved, dataRoots, field);
  if (!(await stat(resolved)).isFile()) throw badInput(field, `is not a regular file: ${candidate}`);
  return resolved;
}

/** A dataset's source: one file, or a set of Parquet files (a directory or a `*`/`?` glob in the last segment). */
export type DatasetSource = { kind: 'file'; file: string } | { kind: 'parts'; files: string[] };

/**
 * Resolves a dataset `uri` as resolveInsideDataRoots does, or, when it names a directory
 * or ends in a glob (`*` any characters, `?` one, within the file name), to the `.parquet`
 * files it holds, sorted by name, each a regular file inside a data root.
 */
export async function resolveDatasetSource(uri: string, dataRoots: string[], field = 'input.uri'): Promise<DatasetSource> {
  const glob = /[*?]/.test(path.basename(uri)) ? path.basename(uri) : null;
  const { resolved, candidate } = await resolvePath(glob ? path.dirname(uri) : uri, field);
  await insideDataRoots(resolved, dataRoots, field);
  if (!glob && !(await stat(resolved)).isDirectory()) return { kind: 'file', file: await resolveInsideDataRoots(uri, dataRoots, field) };
  if (!(await stat(resolved)).isDirectory()) throw badInput(field, `is not a directory: ${candidate}`);
  const pattern = glob ? globPattern(glob) : null;
  const names = (await readdir(resolved)).filter((name) => (!pattern || pattern.test(name)) && name.toLowerCase().endsWith('.parquet')).sort();
  if (names.length === 0) {
    throw badInput(field, glob ? `matches no .parquet file in ${candidate}` : `is not a regular file, nor a directory holding .parquet files: ${candidate}`);
  }
  const files: string[] = [];
  for (const name of names) files.push(await resolveInsideDataRoots(path.join(resolved, name), dataRoots, field));
  return { kind: 'parts', files };
}

function globPattern(glob: string): RegExp {
  const source = [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`);
}

async function resolvePath(uri: string, field: string): Promise<{ resolved: string; candidate: string }> {
  if (uri.trim() === '') throw badInput(field, 'must not be empty');
  let candidate: string;
  if (uri.startsWith('file:')) {
    try {
      candidate = fileURLToPath(uri);
    } catch {
      throw badInput(field, 'is not a valid file:// URL');
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    throw badInput(field, 'only local paths and file:// URLs are supported');
  } else {
    candidate = path.resolve(uri);
  }
  let resolved: string;
  try {
    resolved = await realpath(candidate);
  } catch {
    throw badInput(field, `no such file: ${candidate}`);
  }
  return { resolved, candidate };
}

async function insideDataRoots(resolved: string, dataRoots: string[], field: string): Promise<void> {
  for (const root of dataRoots) {
    const realRoot = await realpath(root).catch(() => null);
    if (!realRoot) continue;
    const relative = path.relative(realRoot, resolved);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return;
  }
  throw badInput(field, `must be inside one of the data roots (${dataRoots.join(', ')})`);
}
