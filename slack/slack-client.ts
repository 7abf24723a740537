import type { SlackConfig } from '../platform/config';
import type { SlackBlock, SlackMessage, SlackView } from './messages/block-kit';

/** Slack answers in well under a second; longer means trouble, and a retry is better than a hung activity. */
const REQUEST_TIMEOUT_MS = 10_000;

/** A message as Slack stored it: enough to update it or reply in its thread later. */
export interface PostedMessage {
  channel: string;
  ts: string;
}

/** Slack message metadata (https://api.slack.com/metadata): a label only this app reads back. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}

/** How far back through a channel's history a lookup pages before it gives up. */
const HISTORY_PAGES = 5;

export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly error: string,
  ) {
    super(`Slack ${method} failed: ${error}`);
    this.name = 'SlackApiError';
  }
}

/** Both are needed before Provenant may say anything in Slack. */
export function slackIsConfigured(slack: SlackConfig): slack is SlackConfig & { botToken: string; approvalsChannel: string } {
  return Boolean(slack.botToken && slack.approvalsChannel);
}

/**
 * The Web API methods Provenant calls, as the bot. Slack reports most failures as
 * HTTP 200 with `{ok: false, error}`; each becomes a SlackApiError naming the method.
 */
export class SlackClient {
  constructor(private readonly slack: Pick<SlackConfig, 'apiUrl' | 'botToken'>) {}

  /** False without SLACK_BOT_TOKEN: every Web API call would fail, so interactions are answered through their response_url instead. */
  get hasBotToken(): boolean {
    return Boolean(this.slack.botToken);
  }

  async postMessage(channel: string, message: SlackMessage, threadTs?: string, metadata?: MessageMetadata): Promise<PostedMessage> {
    const reply = await this.call<{ channel: string; ts: string }>('chat.postMessage', { channel, ...message, thread_ts: threadTs, metadata });
    return { channel: reply.channel, ts: reply.ts };
  }

  /**
   * The channel's message posted since `oldest` (Unix seconds) that carries `metadata`, if
   * any: how a post whose answer was lost is found again instead of posted twice.
   */
  async findMessage(channel: string, metadata: MessageMetadata, oldest: number): Promise<PostedMessage | null> {
    const carries = (found: MessageMetadata | undefined) =>
      found?.event_type === metadata.event_type && Object.entries(metadata.event_payload).every(([key, value]) => found.event_payload?.[key] === value);
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page += 1) {
      const reply = await this.call<{ messages: { ts: string; metadata?: MessageMetadata }[]; response_metadata?: { next_cursor?: string } }>(
        'conversations.history',
        { channel, oldest: String(oldest), include_all_metadata: true, limit: 200, cursor },
      );
      const found = reply.messages.find((message) => carries(message.metadata));
      if (found) return { channel, ts: found.ts };
      cursor = reply.response_metadata?.next_cursor || undefined;
      if (!cursor) return null;
    }
    return null;
  }

  async updateMessage(posted: PostedMessage, message: SlackMessage): Promise<void> {
    await this.call('chat.update', { channel: posted.channel, ts: posted.ts, ...message });
  }

  /** Visible to `user` only, in `channel`; nobody else learns the attempt happened. */
  async postEphemeral(channel: string, user: string, text: string, blocks?: SlackBlock[]): Promise<void> {
    await this.call('chat.postEphemeral', { channel, user, text, blocks });
  }

  async openView(triggerId: string, view: SlackView): Promise<void> {
    await this.call('views.open', { trigger_id: triggerId, view });
  }

  private async call<T>(method: string, body: Record<string, unknown>): Promise<T> {
    if (!this.slack.botToken) throw new SlackApiError(method, 'not configured: set SLACK_BOT_TOKEN');
    const response = await fetch(`${this.slack.apiUrl}/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.slack.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      const retryAfter = response.headers.get('retry-after');
      throw new SlackApiError(method, `HTTP ${response.status}${retryAfter ? ` (retry after ${retryAfter} s)` : ''}`);
    }
    const reply = (await response.json()) as { ok: boolean; error?: string } & T;
    if (!reply.ok) throw new SlackApiError(method, reply.error ?? 'unknown error');
    return reply;
  }
}
