import { realpath, stat } from 'node:fs/promises';
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
  for (const root of dataRoots) {
    const realRoot = await realpath(root).catch(() => null);
    if (!realRoot) continue;
    const relative = path.relative(realRoot, resolved);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      if (!(await stat(resolved)).isFile()) throw badInput(field, `is not a regular file: ${candidate}`);
      return resolved;
    }
  }
  throw badInput(field, `must be inside one of the data roots (${dataRoots.join(', ')})`);
}
