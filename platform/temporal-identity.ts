import os from 'node:os';

/**
 * The identity Provenant's API gives its Temporal client. Operations sent under it are
 * Provenant's own and already audited where they are made (cancelPipeline, retryPipeline,
 * attested gate decisions), so reconciling Temporal histories skips them.
 */
export const PROVENANT_API_IDENTITY_PREFIX = 'provenant-api@';

export function provenantApiIdentity(): string {
  return `${PROVENANT_API_IDENTITY_PREFIX}${os.hostname()}:${process.pid}`;
}
