import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from './audit-log';
import type { Db } from './db';
import { SlackUserEntity } from './entities';

/** A Slack account an admin linked to a Provenant name. */
export type SlackUserRow = SlackUserEntity;

export function findSlackUser(db: Db, slackUserId: string): Promise<SlackUserRow | null> {
  return db.getRepository(SlackUserEntity).findOneBy({ slackUserId });
}

export function listSlackUsers(db: Db): Promise<SlackUserRow[]> {
  return db.getRepository(SlackUserEntity).find({ order: { slackUserId: 'ASC' } });
}

/**
 * Links a Slack account to a name, with its audit event, in the caller's transaction.
 * Re-linking moves it; linking it unchanged writes nothing.
 */
export async function mapSlackUser(tx: EntityManager, mapping: { slackUserId: string; name: string; mappedBy: string }): Promise<SlackUserRow> {
  const { slackUserId, name, mappedBy } = mapping;
  const users = tx.getRepository(SlackUserEntity);
  const { raw: inserted } = await tx
    .createQueryBuilder()
    .insert()
    .into(SlackUserEntity)
    .values({ slackUserId, name, mappedBy })
    .orIgnore()
    .returning('slack_user_id')
    .execute();
  // Locked, so two admins re-linking one account at once are recorded one after the other.
  const existing = await users.findOneOrFail({ where: { slackUserId }, lock: { mode: 'pessimistic_write' } });
  const created = (inserted as unknown[]).length > 0;
  if (!created && existing.name === name) return existing;
  if (!created) await users.update(slackUserId, { name, mappedBy, mappedAt: () => 'now()' });
  await appendAuditEvent(tx, {
    actor: mappedBy,
    action: 'slack_user.mapped',
    subjectType: 'slack_user',
    subjectId: slackUserId,
    payload: { slackUserId, name, previousName: created ? null : existing.name },
  });
  return users.findOneByOrFail({ slackUserId });
}
