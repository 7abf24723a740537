import type { Db } from './db';

export interface RecordedInteraction<P> {
  id: string;
  payload: P;
}

/** Records an interaction as claimed by the process that received it, which handles it next. */
export async function recordSlackInteraction(db: Db, payload: unknown): Promise<string> {
  const [row]: { id: string }[] = await db.query('INSERT INTO slack_interaction (payload) VALUES ($1) RETURNING id', [JSON.stringify(payload)]);
  return row.id;
}

export async function markSlackInteractionProcessed(db: Db, id: string): Promise<void> {
  await db.query('UPDATE slack_interaction SET processed_at = now(), last_error = NULL WHERE id = $1', [id]);
}

export async function markSlackInteractionFailed(db: Db, id: string, error: string): Promise<void> {
  await db.query('UPDATE slack_interaction SET last_error = $2 WHERE id = $1', [id, error]);
}

/**
 * Claims unprocessed interactions whose claim is older than `staleSeconds` (their process
 * died or gave up) and that are younger than `maxAgeSeconds` (Slack's response window);
 * SKIP LOCKED keeps two sweeping replicas from claiming the same one.
 */
export async function claimStaleSlackInteractions<P>(db: Db, staleSeconds: number, maxAgeSeconds: number, maxAttempts: number, limit: number): Promise<RecordedInteraction<P>[]> {
  // An UPDATE answers [rows, count].
  const [rows]: [RecordedInteraction<P>[], number] = await db.query(
    `UPDATE slack_interaction SET claimed_at = now(), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM slack_interaction
         WHERE processed_at IS NULL
           AND claimed_at < now() - make_interval(secs => $1)
           AND received_at > now() - make_interval(secs => $2)
           AND attempts < $3
         ORDER BY received_at
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
      RETURNING id, payload`,
    [staleSeconds, maxAgeSeconds, maxAttempts, limit],
  );
  return rows;
}

/** Forgets interactions received more than `seconds` ago, finished or given up on. */
export async function forgetSlackInteractions(db: Db, seconds: number): Promise<void> {
  await db.query('DELETE FROM slack_interaction WHERE received_at < now() - make_interval(secs => $1)', [seconds]);
}
