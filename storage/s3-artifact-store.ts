import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { ProvenantError } from '../domain/errors';
import { copyHashing, corrupt, sha256Hex, verifiedStream, type ArtifactStore, type StoredArtifact } from './artifact-store';

/** Where artifacts live in a bucket: `s3://bucket/prefix`, parsed from PROVENANT_ARTIFACT_STORE. */
export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slash; may be empty. */
  prefix: string;
}

/**
 * The artifact store on S3 or any S3-compatible server, for API, workers and serving on
 * different hosts. Keys are content addresses (`<prefix>/sha256/ab/<sha256>`), so a blob
 * is written once however many processes store it. S3 makes an object visible only once
 * its PUT completes, and the PUT carries the blob's SHA-256 for the server to check, so no
 * partial or damaged object is ever readable; reads verify the hash again on this side.
 *
 * Endpoint, region and credentials come from the AWS SDK's usual sources
 * (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, profiles, roles).
 */
export class S3ArtifactStore implements ArtifactStore {
  constructor(
    private readonly location: S3Location,
    private readonly s3: S3Client = newS3Client(),
  ) {}

  async put(bytes: Uint8Array): Promise<StoredArtifact> {
    const sha256 = sha256Hex(bytes);
    return this.keep(sha256, bytes.byteLength, () => bytes);
  }

  async putFile<T>(file: string, inspect: (copy: string) => Promise<T>): Promise<{ artifact: StoredArtifact; inspected: T }> {
    // The private copy is scratch space for `inspect` and the upload, gone when this returns.
    const staging = await mkdtemp(path.join(os.tmpdir(), 'provenant-upload-'));
    const copyPath = path.join(staging, `${randomUUID()}.partial`);
    try {
      const { sha256, byteSize } = await copyHashing(file, copyPath);
      const inspected = await inspect(copyPath);
      const artifact = await this.keep(sha256, byteSize, () => createReadStream(copyPath));
      return { artifact, inspected };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async read(uri: string): Promise<Buffer> {
    const { stream } = await this.openRead(uri);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async openRead(uri: string): Promise<{ byteSize: number; stream: Readable }> {
    const { key, sha256 } = this.keyOf(uri);
    const object = await this.call(`reading ${uri}`, () => this.s3.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key })));
    if (!object.Body) throw corrupt(uri);
    return { byteSize: object.ContentLength ?? 0, stream: verifiedStream(object.Body as Readable, sha256, uri) };
  }

  /** Uploads a blob under its content address unless an object of that size is already there. */
  private async keep(sha256: string, byteSize: number, body: () => Uint8Array | Readable): Promise<StoredArtifact> {
    const key = this.keyFor(sha256);
    const uri = `s3://${this.location.bucket}/${key}`;
    if ((await this.sizeOf(key)) !== byteSize) {
      await this.call(`storing ${uri}`, () =>
        this.s3.send(
          new PutObjectCommand({
            Bucket: this.location.bucket,
            Key: key,
            Body: body(),
            ContentLength: byteSize,
            ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          }),
        ),
      );
    }
    return { sha256, uri, byteSize };
  }

  private async sizeOf(key: string): Promise<number | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: key }));
      return head.ContentLength;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
      throw unavailable(`checking s3://${this.location.bucket}/${key}`, error);
    }
  }

  private keyFor(sha256: string): string {
    const relative = `sha256/${sha256.slice(0, 2)}/${sha256}`;
    return this.location.prefix ? `${this.location.prefix}/${relative}` : relative;
  }

  /** The key and hash a uri of this store names; any other uri is refused. */
  private keyOf(uri: string): { key: string; sha256: string } {
    const expected = `s3://${this.location.bucket}/`;
    const key = uri.startsWith(expected) ? uri.slice(expected.length) : '';
    const sha256 = key.split('/').pop() ?? '';
    if (!/^[0-9a-f]{64}$/.test(sha256) || key !== this.keyFor(sha256)) {
      throw new Error(`artifact ${uri} is outside the artifact store s3://${this.location.bucket}/${this.location.prefix}`);
    }
    return { key, sha256 };
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw unavailable(what, error);
    }
  }
}

/** A request with no bytes moving for this long is given up (and retried by the SDK, then by the caller). */
const STALLED_REQUEST_MS = 15_000;

/**
 * The object store's own failures keep their words, prefixed with what was being done;
 * network failures say the store could not be reached, which callers may retry.
 */
export class ArtifactStoreUnavailableError extends ProvenantError {
  constructor(what: string, cause: unknown) {
    super('UNAVAILABLE', `artifact store: ${what} failed: ${cause instanceof Error ? cause.message || cause.name : String(cause)} (the object store may be unreachable; retrying later can succeed)`);
    this.name = 'ArtifactStoreUnavailableError';
    this.cause = cause;
  }
}

function unavailable(what: string, error: unknown): Error {
  if (error instanceof S3ServiceException && error.$metadata.httpStatusCode !== undefined && error.$metadata.httpStatusCode < 500) {
    return new Error(`artifact store: ${what} failed: ${error.name}: ${error.message}`, { cause: error });
  }
  return new ArtifactStoreUnavailableError(what, error);
}

/**
 * An S3 client configured from the environment, plus `options`. A custom endpoint (MinIO,
 * a local test server, most S3-compatible stores) is addressed path-style, since such
 * servers rarely resolve bucket subdomains.
 */
export function newS3Client(options: S3ClientConfig = {}): S3Client {
  // The SDK warns on Node 20 that its releases after January 2027 will need Node 22. The
  // version we depend on supports Node 20, which is what Provenant requires; the warning
  // belongs in our upgrade notes, not on every process start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const customEndpoint = Boolean(options.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  return new S3Client({
    forcePathStyle: customEndpoint,
    maxAttempts: 3,
    // Without limits a store that accepts connections but never answers would hang a registration, an
    // activity or serving's model load for good; with them it is the UNAVAILABLE error above.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: STALLED_REQUEST_MS, throwOnRequestTimeout: true },
    ...options,
  });
}
