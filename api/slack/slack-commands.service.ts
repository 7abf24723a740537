import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { findGates } from '../../db/approval-gates';
import { ProvenantError } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { ephemeralReply, type SlashCommandReply } from '../../slack/messages/block-kit';
import { SLASH_COMMAND, errorReply, helpReply, pendingApprovalsReply, pipelineStatusReply } from '../../slack/messages/command-replies';
import { UNLINKED_SLACK_ACCOUNT, resolveSlackPrincipal } from '../../slack/slack-identity';
import { ApprovalsService } from '../approvals/approvals.service';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import { PipelinesService } from '../pipelines/pipelines.service';
import { logger } from '../../platform/logger';
import { isSlackResponseUrl, postToResponseUrl } from '../../slack/response-url';
import { SlackClient } from '../../slack/slack-client';

/** What a slash command is answered at once when its reply takes longer than Slack waits. */
export const WORKING_ON_IT: SlashCommandReply = ephemeralReply(':hourglass_flowing_sand: Working on it; the answer follows here in a moment.');

const log = logger.child({ component: 'slack' });

/** `/provenant …`: answered in the HTTP response (or, when late, in an ephemeral message), visible to the caller only. */
@Injectable()
export class SlackCommandsService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly approvals: ApprovalsService,
    private readonly pipelines: PipelinesService,
    private readonly slack: SlackClient,
  ) {}

  /**
   * A reply too late for the HTTP response, sent where the command was typed, to its
   * caller only: as the bot, or through the command's response_url without a bot token.
   */
  answerLate(form: URLSearchParams, reply: Promise<SlashCommandReply>): void {
    const channel = form.get('channel_id');
    const user = form.get('user_id');
    const responseUrl = form.get('response_url');
    reply
      .then(async ({ text, blocks }) => {
        if (this.slack.hasBotToken) {
          if (channel && user) await this.slack.postEphemeral(channel, user, text, blocks);
        } else if (isSlackResponseUrl(responseUrl, this.config.slack.apiUrl)) {
          await postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, text, blocks });
        } else {
          log.warn({ channel, user }, 'a late slash command reply had nowhere to go: no bot token and no response_url');
        }
      })
      .catch((error: unknown) => log.error({ err: error, channel, user }, 'a late slash command reply could not be made or sent'));
  }

  /** `form` is the slash command as Slack posts it: command, text, user_id, … */
  async handle(form: URLSearchParams): Promise<SlashCommandReply> {
    if (form.get('command') !== SLASH_COMMAND) return errorReply(`this app only answers ${SLASH_COMMAND}, not ${form.get('command')}`);
    const [subcommand = 'help', ...args] = (form.get('text') ?? '').trim().split(/\s+/).filter(Boolean);
    if (subcommand === 'help') return helpReply();
    const principal = await resolveSlackPrincipal(this.dataSource, this.config, form.get('user_id') ?? '');
    if (!principal) return errorReply(UNLINKED_SLACK_ACCOUNT);
    try {
      if (subcommand === 'approvals') return await this.pendingApprovals(principal);
      if (subcommand === 'status') {
        if (args.length !== 1) return errorReply(`usage: ${SLASH_COMMAND} status <workflowId>`);
        return pipelineStatusReply(await this.pipelines.get(args[0]));
      }
    } catch (error) {
      if (error instanceof ProvenantError) return errorReply(error.message);
      throw error;
    }
    return errorReply(`unknown subcommand "${subcommand}"; try ${SLASH_COMMAND} help`);
  }

  private async pendingApprovals(principal: Principal): Promise<SlashCommandReply> {
    const gates = await this.approvals.pendingFor(principal);
    const rows = await findGates(this.dataSource, gates.map((gate) => gate.gateId));
    const evidence = new Map(rows.map((row) => [row.id, row.evidence]));
    return pendingApprovalsReply(
      gates.map((gate) => ({ ...gate, evidence: evidence.get(gate.gateId)! })),
      this.config.publicUrl,
    );
  }
}
