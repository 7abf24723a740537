import type { SlackBlock } from './messages/block-kit';
import { SlackApiError } from './slack-client';

/** Slack answers a response_url post at once; as for the Web API, longer means trouble. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * What may be posted to an interaction's response_url
 * (https://api.slack.com/interactivity/handling#message_responses): a note only the user
 * sees, or the message the button was on, replaced for everyone.
 */
export type ResponseUrlMessage =
  | { response_type: 'ephemeral'; replace_original: false; text: string; blocks?: SlackBlock[] }
  | { replace_original: true; text: string; blocks: SlackBlock[] };

/**
 * Slack's own hooks host, or the Web API's configured origin (a local stand-in in tests).
 * The URL comes from a signed request, so this only keeps a mistake from posting elsewhere.
 */
export function isSlackResponseUrl(url: string | null | undefined, apiUrl: string): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' && parsed.hostname === 'hooks.slack.com') || parsed.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/** Answers an interaction or slash command through its response_url: no bot token needed, for 30 minutes and up to 5 times. */
export async function postToResponseUrl(responseUrl: string, message: ResponseUrlMessage): Promise<void> {
  const response = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new SlackApiError('response_url', `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
}
