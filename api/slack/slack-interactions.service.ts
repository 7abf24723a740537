import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { findGate } from '../../db/approval-gates';
import { mustExist } from '../../db/db';
import { claimStaleSlackInteractions, forgetSlackInteractions, markSlackInteractionFailed, markSlackInteractionProcessed, recordSlackInteraction } from '../../db/slack-interactions';
import type { Decision, GateState } from '../../domain/approval';
import { ProvenantError } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import { escapeText } from '../../slack/messages/block-kit';
import { GATE_ACTIONS, gateMessage } from '../../slack/messages/gate-message';
import { REJECT_MODAL_CALLBACK, rejectCommentOf, rejectContextOf, rejectModal, rejectModalError } from '../../slack/messages/reject-modal';
import { isSlackResponseUrl, postToResponseUrl } from '../../slack/response-url';
import { SlackClient, type PostedMessage } from '../../slack/slack-client';
import { UNLINKED_SLACK_ACCOUNT, resolveSlackPrincipal } from '../../slack/slack-identity';
import { ApprovalsService } from '../approvals/approvals.service';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';

/** The parts of Slack's interaction payloads (https://api.slack.com/reference/interaction-payloads) we read. */
export interface InteractionPayload {
  type: string;
  user: { id: string };
  trigger_id?: string;
  actions?: { action_id: string; value?: string }[];
  container?: { channel_id?: string; message_ts?: string };
  channel?: { id: string };
  message?: { ts: string };
  view?: SubmittedView;
  /** Where the interaction may be answered without the bot token: button clicks carry one, modal submissions do not. */
  response_url?: string;
}

/** The HTTP response body Slack reads for a modal submission (`response_action`); other interactions are answered empty. */
export type InteractionAnswer = Record<string, unknown>;

interface SubmittedView {
  callback_id: string;
  private_metadata: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}

interface Decider {
  slackUserId: string;
  /** The gate's message: refusals are shown beside it, and it is re-rendered after a decision. */
  message: PostedMessage;
  /** The click's response_url: how the user is answered when there is no bot token. */
  responseUrl: string | null;
  /** Set when the decider submitted the reject modal: without a bot token, a refusal is shown in it instead. */
  modalAnswer?: InteractionAnswer;
}

const log = logger.child({ component: 'slack' });

/** How often each API process looks for interactions another one received and did not finish. */
const SWEEP_EVERY_MS = 15_000;
/** A claim this old belongs to a process that died (a decision takes seconds, not minutes). */
const STALE_CLAIM_SECONDS = 120;
/** Slack's response_url and the user's attention last about this long; older clicks are dropped. */
const MAX_AGE_SECONDS = 30 * 60;
const MAX_ATTEMPTS = 5;
/** Kept a day after arrival, for whoever investigates a click that went wrong; then forgotten. */
const KEEP_SECONDS = 24 * 3600;

/**
 * The gate message's buttons and the reject modal: decisions made in Slack. Each
 * interaction is recorded in Postgres before the work starts, so Slack can be answered at
 * once and the work still finishes: here, or after this process dies, in another's sweep.
 */
@Injectable()
export class SlackInteractionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly inFlight = new Set<Promise<unknown>>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly approvals: ApprovalsService,
    private readonly slack: SlackClient,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all(this.inFlight);
  }

  /**
   * Records the interaction, then starts its work; the returned promise settles when the
   * work is done, with the HTTP answer Slack should get if any, and never rejects.
   */
  async receive(payload: InteractionPayload): Promise<{ done: Promise<InteractionAnswer | null> }> {
    const id = await recordSlackInteraction(this.dataSource, payload);
    return { done: this.process(id, payload) };
  }

  private process(id: string, payload: InteractionPayload): Promise<InteractionAnswer | null> {
    const work = this.handle(payload)
      .then(async (answer) => {
        await markSlackInteractionProcessed(this.dataSource, id);
        return answer;
      })
      .catch(async (error: unknown) => {
        log.error({ err: error, interaction: id }, 'Slack interaction failed; the sweep tries it again');
        await markSlackInteractionFailed(this.dataSource, id, String(error)).catch(() => undefined);
        return null;
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return work;
  }

  /** Finishes what a process that died left claimed; SKIP LOCKED shares the rows among replicas. */
  private async sweep(): Promise<void> {
    try {
      const stale = await claimStaleSlackInteractions<InteractionPayload>(this.dataSource, STALE_CLAIM_SECONDS, MAX_AGE_SECONDS, MAX_ATTEMPTS, 20);
      for (const { id, payload } of stale) await this.process(id, payload);
      await forgetSlackInteractions(this.dataSource, KEEP_SECONDS);
    } catch (error) {
      log.warn({ err: error }, 'sweeping unfinished Slack interactions failed; the next sweep tries again');
    }
  }

  private async handle(payload: InteractionPayload): Promise<InteractionAnswer | null> {
    if (payload.type === 'block_actions') {
      await this.onButton(payload);
      return null;
    }
    if (payload.type === 'view_submission' && payload.view?.callback_id === REJECT_MODAL_CALLBACK) {
      return this.onRejectSubmitted(payload.user.id, payload.view);
    }
    log.info({ type: payload.type }, 'Slack interaction ignored: not one Provenant sends');
    return null;
  }

  private async onButton(payload: InteractionPayload): Promise<void> {
    const action = payload.actions?.find((candidate) => candidate.action_id === GATE_ACTIONS.approve || candidate.action_id === GATE_ACTIONS.reject);
    const channel = payload.container?.channel_id ?? payload.channel?.id;
    const ts = payload.container?.message_ts ?? payload.message?.ts;
    if (!action?.value || !channel || !ts) {
      log.info({ actions: payload.actions?.map((candidate) => candidate.action_id) }, 'Slack button ignored: not a gate decision');
      return;
    }
    const responseUrl = isSlackResponseUrl(payload.response_url, this.config.slack.apiUrl) ? payload.response_url : null;
    const decider: Decider = { slackUserId: payload.user.id, message: { channel, ts }, responseUrl };
    const principal = await this.principalOf(decider);
    if (!principal) return;
    if (action.action_id === GATE_ACTIONS.approve) {
      await this.decide(principal, decider, action.value, 'APPROVE', null);
    } else if (!this.slack.hasBotToken) {
      await this.tell(decider, rejectNeedsBotToken(this.config.publicUrl));
    } else if (payload.trigger_id) {
      await this.slack.openView(payload.trigger_id, rejectModal({ gateId: action.value, channel, messageTs: ts }));
    }
  }

  private async onRejectSubmitted(slackUserId: string, view: SubmittedView): Promise<InteractionAnswer | null> {
    const rejecting = rejectContextOf(view.private_metadata);
    if (!rejecting) {
      log.warn({ privateMetadata: view.private_metadata }, 'reject modal submitted without the context this app gave it');
      return null;
    }
    const decider: Decider = { slackUserId, message: { channel: rejecting.channel, ts: rejecting.messageTs }, responseUrl: null };
    const principal = await this.principalOf(decider);
    if (principal) await this.decide(principal, decider, rejecting.gateId, 'REJECT', rejectCommentOf(view.state?.values));
    return decider.modalAnswer ?? null;
  }

  /** The linked Provenant principal; an unlinked account is told so and decides nothing. */
  private async principalOf(decider: Decider): Promise<Principal | null> {
    const principal = await resolveSlackPrincipal(this.dataSource, this.config, decider.slackUserId);
    if (!principal) await this.tell(decider, UNLINKED_SLACK_ACCOUNT);
    return principal;
  }

  /**
   * A refused decision is the decider's business alone: an ephemeral note, nothing else
   * changes. An accepted one re-renders the gate message at once; the workflow's own
   * notification renders it again, so a failure here only delays what people see.
   */
  private async decide(principal: Principal, decider: Decider, gateId: string, decision: Decision, comment: string | null): Promise<void> {
    let state: GateState;
    try {
      state = await this.approvals.decide(principal, { gateId, decision, comment }, 'slack');
    } catch (error) {
      if (!(error instanceof ProvenantError)) throw error;
      log.info({ gateId, actor: principal.name, code: error.code, reason: error.message }, 'Slack decision refused');
      await this.tell(decider, error.message);
      return;
    }
    try {
      const { evidence } = mustExist(await findGate(this.dataSource, gateId), `approval gate ${gateId}`);
      const message = gateMessage({ ...state, evidence }, this.config.publicUrl);
      if (this.slack.hasBotToken) await this.slack.updateMessage(decider.message, message);
      else if (decider.responseUrl) await postToResponseUrl(decider.responseUrl, { replace_original: true, ...message });
    } catch (error) {
      log.warn({ err: error, gateId }, 'gate decided, but its Slack message could not be updated now');
    }
  }

  /**
   * Privately, beside the gate's message: as the bot when it has a token; otherwise through
   * the click's response_url, or in the submitted modal. A missing token is never a failure.
   */
  private async tell(decider: Decider, message: string): Promise<void> {
    const text = `:warning: ${escapeText(message)}`;
    if (this.slack.hasBotToken) {
      await this.slack.postEphemeral(decider.message.channel, decider.slackUserId, text);
    } else if (decider.responseUrl) {
      await postToResponseUrl(decider.responseUrl, { response_type: 'ephemeral', replace_original: false, text });
    } else {
      decider.modalAnswer = rejectModalError(message);
    }
  }
}

/** The reject modal is opened as the bot; without its token, the web UI's queue takes the rejection and its reason. */
function rejectNeedsBotToken(publicUrl: string): string {
  return `rejecting from Slack asks for your reason in a dialog, which needs the bot token (SLACK_BOT_TOKEN); reject in the web UI's approval queue instead: ${publicUrl}/ui#/approvals`;
}
