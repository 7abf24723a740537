import path from 'node:path';
import type { Config } from '../platform/config';
import { LocalArtifactStore, type ArtifactStore } from './artifact-store';

/** The artifact store every process of one deployment shares, as PROVENANT_ARTIFACT_STORE names it. */
export function artifactStoreFor(config: Pick<Config, 'artifactStore' | 'dataDir'>): ArtifactStore {
  const location = config.artifactStore ?? { kind: 'local', root: path.join(config.dataDir, 'artifacts') };
  return location.kind === 's3' ? new (s3Store().S3ArtifactStore)(location) : new LocalArtifactStore(location.root);
}

/** Loaded only for an s3:// store, so workers on a local store need not install the AWS SDK. */
function s3Store(): typeof import('./s3-artifact-store') {
  try {
    return require('./s3-artifact-store') as typeof import('./s3-artifact-store');
  } catch (error) {
    throw new Error(`PROVENANT_ARTIFACT_STORE: an s3:// store needs @aws-sdk/client-s3 (${(error as Error).message}); install it beside provenant (npm install @aws-sdk/client-s3)`);
  }
}
