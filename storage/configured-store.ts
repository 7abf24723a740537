import path from 'node:path';
import type { Config } from '../platform/config';
import { LocalArtifactStore, type ArtifactStore } from './artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

/** The artifact store every process of one deployment shares, as PROVENANT_ARTIFACT_STORE names it. */
export function artifactStoreFor(config: Pick<Config, 'artifactStore' | 'dataDir'>): ArtifactStore {
  const location = config.artifactStore ?? { kind: 'local', root: path.join(config.dataDir, 'artifacts') };
  return location.kind === 's3' ? new S3ArtifactStore(location) : new LocalArtifactStore(location.root);
}
