import type { Db } from './db';

/**
 * Records the signature of a verified Slack request; false when it was recorded before,
 * i.e. the request is a replay. Postgres holds the set, so every API replica refuses a
 * replay another one saw.
 */
export async function recordSlackSignature(db: Db, signature: string): Promise<boolean> {
  const inserted: unknown[] = await db.query('INSERT INTO slack_request_seen (signature) VALUES ($1) ON CONFLICT (signature) DO NOTHING RETURNING signature', [signature]);
  return inserted.length === 1;
}

/** Forgets the signatures seen more than `seconds` ago. */
export async function forgetSlackSignatures(db: Db, seconds: number): Promise<void> {
  await db.query(`DELETE FROM slack_request_seen WHERE seen_at < now() - make_interval(secs => $1)`, [seconds]);
}
