import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/db';
import { listSlackUsers, mapSlackUser, type SlackUserRow } from '../../db/slack-users';
import { badInput } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import type { SlackUserType } from './slack-user.types';

/** How Slack writes member ids: U… for users, W… for Enterprise Grid users. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

@Injectable()
export class SlackUsersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Links a Slack account to a name that has an API token, so its clicks act as that
   * person with that token's role. Re-linking moves it; linking it unchanged logs nothing.
   */
  async map(principal: Principal, slackUserId: string, name: string): Promise<SlackUserType> {
    if (!SLACK_USER_ID.test(slackUserId)) {
      throw badInput('slackUserId', 'must be a Slack member id such as U0123ABCD (Slack: profile → ⋮ → Copy member ID)');
    }
    if (!this.config.apiTokens.some((token) => token.name === name)) {
      throw badInput('name', `no API token is named ${JSON.stringify(name)}; a Slack account acts as a name from PROVENANT_API_TOKENS`);
    }
    const mapped = await inTransaction(this.dataSource, (tx) => mapSlackUser(tx, { slackUserId, name, mappedBy: principal.name }));
    return this.view(mapped);
  }

  /** Every linked account: admin mappings, then configured ones they do not override. */
  async list(): Promise<SlackUserType[]> {
    const mapped = await listSlackUsers(this.dataSource);
    const mappedIds = new Set(mapped.map((row) => row.slackUserId));
    const configured = Object.entries(this.config.slack.users)
      .filter(([slackUserId]) => !mappedIds.has(slackUserId))
      .map(([slackUserId, name]): SlackUserType => ({ slackUserId, name, role: this.roleOf(name), source: 'CONFIG', mappedBy: null, mappedAt: null }));
    return [...mapped.map((row) => this.view(row)), ...configured];
  }

  private view(row: SlackUserRow): SlackUserType {
    return { slackUserId: row.slackUserId, name: row.name, role: this.roleOf(row.name), source: 'MAPPED', mappedBy: row.mappedBy, mappedAt: row.mappedAt };
  }

  private roleOf(name: string): string | null {
    return this.config.apiTokens.find((token) => token.name === name)?.role ?? null;
  }
}
