import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { SlackUserEntity } from '../../db/entities';
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
    const mapped = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(SlackUserEntity);
      const { raw: inserted } = await manager
        .createQueryBuilder()
        .insert()
        .into(SlackUserEntity)
        .values({ slackUserId, name, mappedBy: principal.name })
        .orIgnore()
        .returning('slack_user_id')
        .execute();
      // Locked, so two admins re-linking one account at once are recorded one after the other.
      const existing = await repository.findOneOrFail({ where: { slackUserId }, lock: { mode: 'pessimistic_write' } });
      const created = (inserted as unknown[]).length > 0;
      if (!created && existing.name === name) return existing;
      if (!created) {
        await repository.update(slackUserId, { name, mappedBy: principal.name, mappedAt: () => 'now()' });
      }
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: 'slack_user.mapped',
        subjectType: 'slack_user',
        subjectId: slackUserId,
        payload: { slackUserId, name, previousName: created ? null : existing.name },
      });
      return repository.findOneByOrFail({ slackUserId });
    });
    return this.view(mapped);
  }

  /** Every linked account: admin mappings, then configured ones they do not override. */
  async list(): Promise<SlackUserType[]> {
    const mapped = await this.dataSource.getRepository(SlackUserEntity).find({ order: { slackUserId: 'ASC' } });
    const mappedIds = new Set(mapped.map((row) => row.slackUserId));
    const configured = Object.entries(this.config.slack.users)
      .filter(([slackUserId]) => !mappedIds.has(slackUserId))
      .map(([slackUserId, name]): SlackUserType => ({ slackUserId, name, role: this.roleOf(name), source: 'CONFIG', mappedBy: null, mappedAt: null }));
    return [...mapped.map((row) => this.view(row)), ...configured];
  }

  private view(row: SlackUserEntity): SlackUserType {
    return { slackUserId: row.slackUserId, name: row.name, role: this.roleOf(row.name), source: 'MAPPED', mappedBy: row.mappedBy, mappedAt: row.mappedAt };
  }

  private roleOf(name: string): string | null {
    return this.config.apiTokens.find((token) => token.name === name)?.role ?? null;
  }
}
