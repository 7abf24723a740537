import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface StoredArtifact {
  sha256: string;
  uri: string;
  byteSize: number;
}

/**
 * Content-addressed blob storage for dataset files and model artifacts. The local
 * implementation serves one machine or a shared volume; an object-store one fills the
 * same interface for workers spread over machines.
 */
export interface ArtifactStore {
  put(bytes: Uint8Array): Promise<StoredArtifact>;
  read(uri: string): Promise<Buffer>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class LocalArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array): Promise<StoredArtifact> {
    const sha256 = sha256Hex(bytes);
    const file = path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
    const uri = pathToFileURL(file).href;
    const present = await stat(file).then(
      (s) => s.size === bytes.byteLength,
      () => false,
    );
    if (!present) {
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a reader never sees a half-written blob.
      const partial = `${file}.${randomUUID()}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, file);
    }
    return { sha256, uri, byteSize: bytes.byteLength };
  }

  async read(uri: string): Promise<Buffer> {
    const file = fileURLToPath(uri);
    const relative = path.relative(this.root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(`artifact ${uri} is outside the artifact store ${this.root}`);
    }
    const bytes = await readFile(file);
    const expected = path.basename(file);
    if (sha256Hex(bytes) !== expected) throw new Error(`artifact ${uri} is corrupt: content does not match its sha256`);
    return bytes;
  }
}
