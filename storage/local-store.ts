import path from 'node:path';
import type { Config } from '../platform/config';
import { LocalArtifactStore } from './artifact-store';

/** The artifact store every process of one deployment shares. */
export function artifactStoreFor(config: Config): LocalArtifactStore {
  return new LocalArtifactStore(path.join(config.dataDir, 'artifacts'));
}
