import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { findGates } from '../../db/approval-gates';
import { ProvenantError } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import type { SlashCommandReply } from '../../slack/messages/block-kit';
import { SLASH_COMMAND, errorReply, helpReply, pendingApprovalsReply, pipelineStatusReply } from '../../slack/messages/command-replies';
import { UNLINKED_SLACK_ACCOUNT, resolveSlackPrincipal } from '../../slack/slack-identity';
import { ApprovalsService } from '../approvals/approvals.service';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import { PipelinesService } from '../pipelines/pipelines.service';

/** `/provenant …`: answered in the HTTP response, visible to the caller only. */
@Injectable()
export class SlackCommandsService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly approvals: ApprovalsService,
    private readonly pipelines: PipelinesService,
  ) {}

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
