/** Dependency-injection tokens for the things the API is handed at start-up. */
export const CONFIG = Symbol('Config');
export const DATA_SOURCE = Symbol('DataSource');
export const TEMPORAL_CLIENT = Symbol('TemporalClient');
export const ARTIFACT_STORE = Symbol('ArtifactStore');
