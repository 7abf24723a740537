import { BadRequestException, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../../platform/config';
import { rememberSignature } from '../../slack/replay-guard';
import { signatureRefusal } from '../../slack/request-signature';
import { Public } from '../auth/allow.decorator';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import { refuseSlackRequest, type SlackRequestRefusal } from './refused-requests';
import { STILL_WORKING, withinAcknowledgement } from './acknowledge';
import { SlackCommandsService, WORKING_ON_IT } from './slack-commands.service';
import { SlackInteractionsService, type InteractionPayload } from './slack-interactions.service';
import { SLACK_EVENTS_PATH } from './slack-request-body';

/**
 * Slack's request URL for slash commands and interactivity. Public to the bearer-token
 * guard because Slack cannot send a token: the request signature is the authentication,
 * checked (with the replay guard) before anything is parsed.
 */
@Controller()
export class SlackEventsController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly commands: SlackCommandsService,
    private readonly interactions: SlackInteractionsService,
  ) {}

  @Post(SLACK_EVENTS_PATH)
  @Public()
  async receive(@Req() request: Request, @Res() response: Response): Promise<void> {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const refusal = await this.refusal(request, rawBody);
    if (refusal) return refuseSlackRequest(request, response, refusal);
    if (!request.is('application/x-www-form-urlencoded')) {
      response.status(400).json({ ok: false, error: 'expected application/x-www-form-urlencoded' });
      return;
    }
    const form = new URLSearchParams(rawBody.toString('utf8'));
    const payload = form.get('payload');
    if (payload !== null) {
      // An empty 200 also closes a submitted modal; the outcome reaches the user as an update or an ephemeral note,
      // except a refused submission without a bot token: its reason is answered here, shown in the modal.
      const { done } = await this.interactions.receive(parsePayload(payload));
      const answer = await withinAcknowledgement(done);
      if (answer && answer !== STILL_WORKING) response.status(200).json(answer);
      else response.status(200).end();
    } else if (form.has('command')) {
      const reply = this.commands.handle(form);
      const answered = await withinAcknowledgement(reply);
      if (answered === STILL_WORKING) this.commands.answerLate(form, reply);
      response.status(200).json(answered === STILL_WORKING ? WORKING_ON_IT : answered);
    } else {
      // Slack's periodic `ssl_check=1` probe, or a request type this app does not subscribe to.
      response.status(200).end();
    }
  }

  private async refusal(request: Request, rawBody: Buffer): Promise<SlackRequestRefusal | null> {
    const { signingSecret } = this.config.slack;
    if (!signingSecret) return 'not_configured';
    const signature = request.get('x-slack-signature');
    const refusal = signatureRefusal(signingSecret, { timestamp: request.get('x-slack-request-timestamp'), signature, rawBody });
    if (refusal) return refusal;
    return (await rememberSignature(this.dataSource, signature!)) ? null : 'replayed';
  }
}

function parsePayload(payload: string): InteractionPayload {
  try {
    return JSON.parse(payload) as InteractionPayload;
  } catch {
    throw new BadRequestException('payload: not JSON');
  }
}
