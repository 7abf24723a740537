import type { SlackConfig } from '../platform/config';
import type { SlackBlock, SlackMessage, SlackView } from './messages/block-kit';

/** Slack answers in well under a second; longer means trouble, and a retry is better than a hung activity. */
const REQUEST_TIMEOUT_MS = 10_000;

/** A message as Slack stored it: enough to update it or reply in its thread later. */
export interface PostedMessage {
  channel: string;
  ts: string;
}

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
 * The four Web API methods Provenant calls, as the bot. Slack reports most failures as
 * HTTP 200 with `{ok: false, error}`; each becomes a SlackApiError naming the method.
 */
export class SlackClient {
  constructor(private readonly slack: Pick<SlackConfig, 'apiUrl' | 'botToken'>) {}

  async postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<PostedMessage> {
    const reply = await this.call<{ channel: string; ts: string }>('chat.postMessage', { channel, ...message, thread_ts: threadTs });
    return { channel: reply.channel, ts: reply.ts };
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
