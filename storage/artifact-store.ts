import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
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
  /**
   * Stores a file, streaming it: it is read once, hashed as it is copied, and never held
   * in memory. `inspect` reads the store's private copy before it is stored, so what it
   * sees is exactly the content the sha256 names, even if the original changes meanwhile;
   * if `inspect` throws, nothing is stored.
   */
  putFile<T>(file: string, inspect: (copy: string) => Promise<T>): Promise<{ artifact: StoredArtifact; inspected: T }>;
  read(uri: string): Promise<Buffer>;
  /**
   * Streams a stored blob, for content too large to hold in memory. The content is
   * verified as it flows: the last chunk is held back until the whole blob has hashed
   * to its sha256, so a corrupt blob never arrives complete; the stream fails instead.
   */
  openRead(uri: string): Promise<{ byteSize: number; stream: Readable }>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class LocalArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array): Promise<StoredArtifact> {
    const partial = await this.partialFile();
    try {
      await writeFile(partial, bytes);
      return await this.keep(partial, sha256Hex(bytes), bytes.byteLength);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async putFile<T>(file: string, inspect: (copy: string) => Promise<T>): Promise<{ artifact: StoredArtifact; inspected: T }> {
    const partial = await this.partialFile();
    try {
      const { sha256, byteSize } = await copyHashing(file, partial);
      const inspected = await inspect(partial);
      return { artifact: await this.keep(partial, sha256, byteSize), inspected };
    } finally {
      await rm(partial, { force: true });
    }
  }

  async read(uri: string): Promise<Buffer> {
    const file = this.fileOf(uri);
    const bytes = await readFile(file);
    if (sha256Hex(bytes) !== path.basename(file)) throw corrupt(uri);
    return bytes;
  }

  async openRead(uri: string): Promise<{ byteSize: number; stream: Readable }> {
    const file = this.fileOf(uri);
    const { size } = await stat(file);
    return { byteSize: size, stream: verifiedStream(createReadStream(file), path.basename(file), uri) };
  }

  /** The file a uri of this store names; any other uri is refused. */
  private fileOf(uri: string): string {
    const file = fileURLToPath(uri);
    const relative = path.relative(this.root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(`artifact ${uri} is outside the artifact store ${this.root}`);
    }
    return file;
  }

  /** A fresh file name inside the store, so the final rename stays on one file system. */
  private async partialFile(): Promise<string> {
    const staging = path.join(this.root, 'staging');
    await mkdir(staging, { recursive: true });
    return path.join(staging, `${randomUUID()}.partial`);
  }

  /** Moves a complete copy to its content address; a reader never sees a half-written blob. */
  private async keep(partial: string, sha256: string, byteSize: number): Promise<StoredArtifact> {
    const file = path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
    const present = await stat(file).then(
      (s) => s.size === byteSize,
      () => false,
    );
    if (!present) {
      await mkdir(path.dirname(file), { recursive: true });
      await rename(partial, file);
    }
    return { sha256, uri: pathToFileURL(file).href, byteSize };
  }
}

/** Copies `file` to a new file `copy`, reading it once and hashing it as it goes. */
export async function copyHashing(file: string, copy: string): Promise<{ sha256: string; byteSize: number }> {
  const hash = createHash('sha256');
  let byteSize = 0;
  const target = await open(copy, 'wx');
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      byteSize += chunk.byteLength;
      await target.write(chunk);
    }
  } finally {
    await target.close();
  }
  return { sha256: hash.digest('hex'), byteSize };
}

/**
 * `source` passed through, verified as it flows: the last chunk is held back until the
 * whole blob has hashed to `sha256`, so a corrupt blob never arrives complete; the
 * stream fails instead.
 */
export function verifiedStream(source: Readable, sha256: string, uri: string): Readable {
  const hash = createHash('sha256');
  let held: Buffer | undefined;
  const verified = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done) {
      if (hash.digest('hex') !== sha256) done(corrupt(uri));
      else done(null, held);
    },
  });
  // pipeline, unlike pipe, hands a read error on to `verified`, so its reader sees it.
  return pipeline(source, verified, () => {});
}

export function corrupt(uri: string): Error {
  return new Error(`artifact ${uri} is corrupt: content does not match its sha256`);
}
