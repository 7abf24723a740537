import type { DataSource } from 'typeorm';
import { findSlackUser, listSlackUsers } from '../db/slack-users';
import type { Principal } from '../domain/roles';
import type { Config } from '../platform/config';

export const UNLINKED_SLACK_ACCOUNT = 'your Slack account is not linked to Provenant; ask an admin to run mapSlackUser';

/**
 * Whom a Slack user acts as: the name an admin mapped them to (`mapSlackUser`), else the
 * one PROVENANT_SLACK_USERS bootstraps, with the role that name's API token carries.
 * A name no token carries has no role, so the account counts as unlinked: Slack must
 * never grant more than the API would.
 */
export function slackPrincipal(slackUserId: string, mappedName: string | null, config: Pick<Config, 'apiTokens' | 'slack'>): Principal | null {
  const name = mappedName ?? config.slack.users[slackUserId];
  if (!name) return null;
  const token = config.apiTokens.find((entry) => entry.name === name);
  return token ? { name, role: token.role } : null;
}

export async function resolveSlackPrincipal(dataSource: DataSource, config: Config, slackUserId: string): Promise<Principal | null> {
  const mapped = await findSlackUser(dataSource, slackUserId);
  return slackPrincipal(slackUserId, mapped?.name ?? null, config);
}

/** Provenant name → Slack user id for everyone linked, so messages can @-mention approvers. */
export async function slackIdsByName(dataSource: DataSource, config: Config): Promise<Record<string, string>> {
  const mapped = await listSlackUsers(dataSource);
  const mappedIds = new Set(mapped.map((row) => row.slackUserId));
  const bootstrapped = Object.entries(config.slack.users).filter(([slackUserId]) => !mappedIds.has(slackUserId));
  return Object.fromEntries([...bootstrapped.map(([slackUserId, name]) => [name, slackUserId]), ...mapped.map((row) => [row.name, row.slackUserId])]);
}
