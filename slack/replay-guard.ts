import type { DataSource } from 'typeorm';
import { forgetSlackSignatures, recordSlackSignature } from '../db/slack-requests';
import { SIGNATURE_TOLERANCE_SECONDS } from './request-signature';

/**
 * Kept a little longer than a signature stays acceptable, so a replay is refused for as
 * long as its timestamp would otherwise pass.
 */
const REMEMBER_SECONDS = 2 * SIGNATURE_TOLERANCE_SECONDS;

/** Pruning on every request would be a write per request for nothing; one in this many suffices. */
const PRUNE_EVERY = 50;

/** Records a verified signature, now and then forgetting those too old to pass again; false for a replay. */
export async function rememberSignature(dataSource: DataSource, signature: string): Promise<boolean> {
  const firstSeen = await recordSlackSignature(dataSource, signature);
  if (Math.random() < 1 / PRUNE_EVERY) await forgetSlackSignatures(dataSource, REMEMBER_SECONDS);
  return firstSeen;
}
