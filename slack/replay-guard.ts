import type { DataSource } from 'typeorm';
import { SIGNATURE_TOLERANCE_SECONDS } from './request-signature';

/**
 * Kept a little longer than a signature stays acceptable, so a replay is refused for as
 * long as its timestamp would otherwise pass.
 */
const REMEMBER_SECONDS = 2 * SIGNATURE_TOLERANCE_SECONDS;

/** Pruning on every request would be a write per request for nothing; one in this many suffices. */
const PRUNE_EVERY = 50;

/**
 * Records a verified signature; false if it was recorded before, i.e. the request is a
 * replay. Postgres holds the set, so every API replica refuses a replay another one saw.
 */
export async function rememberSignature(dataSource: DataSource, signature: string): Promise<boolean> {
  const inserted: unknown[] = await dataSource.query(
    'INSERT INTO slack_request_seen (signature) VALUES ($1) ON CONFLICT (signature) DO NOTHING RETURNING signature',
    [signature],
  );
  if (Math.random() < 1 / PRUNE_EVERY) {
    await dataSource.query(`DELETE FROM slack_request_seen WHERE seen_at < now() - make_interval(secs => $1)`, [REMEMBER_SECONDS]);
  }
  return inserted.length === 1;
}
