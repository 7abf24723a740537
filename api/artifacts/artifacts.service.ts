import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { findDatasetPartByContent, findDatasetVersionByContent } from '../../db/datasets';
import { findModelVersionByArtifact } from '../../db/registry';
import { badInput, notFound } from '../../domain/errors';
import type { ArtifactStore } from '../../storage/artifact-store';
import { ARTIFACT_STORE, DATA_SOURCE } from '../common/injection-tokens';

const SHA256_HEX = /^[0-9a-f]{64}$/i;

export interface ArtifactDownload {
  sha256: string;
  /** What a browser saves it as: the sha256 with the extension of its kind. */
  fileName: string;
  byteSize: number;
  stream: Readable;
}

@Injectable()
export class ArtifactsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  /**
   * A blob a model version or dataset version of the registry names. The store may hold
   * others (trainer logs, abandoned uploads); they are not served, and are reported as
   * absent like a sha256 nobody stored, so the answer tells nothing about them.
   */
  async open(sha256: string): Promise<ArtifactDownload> {
    if (!SHA256_HEX.test(sha256)) throw badInput('sha256', 'must be a SHA-256 digest: 64 hexadecimal digits');
    const digest = sha256.toLowerCase();
    const referenced = await this.referencedBlob(digest);
    if (!referenced) throw notFound('sha256', `artifact ${digest} of a model version or dataset version`);
    const { byteSize, stream } = await this.store.openRead(referenced.uri);
    return { sha256: digest, fileName: `${digest}.${referenced.extension}`, byteSize, stream };
  }

  private async referencedBlob(sha256: string): Promise<{ uri: string; extension: string } | null> {
    const model = await findModelVersionByArtifact(this.dataSource, sha256);
    if (model) return { uri: model.artifactUri, extension: 'onnx' };
    const dataset = await findDatasetVersionByContent(this.dataSource, sha256);
    // A version of several Parquet files hashes its parts' hashes: no one blob; each part is served by its own sha256.
    if (dataset && !dataset.parts) return { uri: dataset.storageUri, extension: dataset.format };
    const part = await findDatasetPartByContent(this.dataSource, sha256);
    return part && { uri: part.part.uri, extension: part.version.format };
  }
}
