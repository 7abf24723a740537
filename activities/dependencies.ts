import type { DataSource } from 'typeorm';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { ArtifactStore } from '../storage/artifact-store';

export interface ActivityDependencies {
  dataSource: DataSource;
  store: ArtifactStore;
  logger: Logger;
  config: Config;
}

/** Who the audit log names for what a pipeline does on its own. */
export const PIPELINE_ACTOR = 'system:pipeline';
