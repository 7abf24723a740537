import assert from 'node:assert/strict';
import { register } from 'prom-client';
import { SLACK_MAX_BODY_BYTES } from '../../api/slack/slack-request-body';
import { slackHeaders } from './fake-slack';

/** A request to the Slack endpoint that must be refused before any work, and the reason and status it gets. */
export interface SlackRefusal {
  reason: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

/**
 * Every way a request can fail Slack's authentication, made from `body` (a request
 * that would be accepted): a wrong secret, a stale or future timestamp, no or a
 * malformed timestamp, a body changed after signing (`tampered`), and one too large to read.
 */
export function slackRefusals(signingSecret: string, body: string, tampered: string): SlackRefusal[] {
  const now = Math.floor(Date.now() / 1000);
  const oversized = `${body}&padding=${'x'.repeat(SLACK_MAX_BODY_BYTES)}`;
  return [
    { reason: 'forged', headers: slackHeaders('not-the-signing-secret', body), body, status: 401 },
    { reason: 'stale', headers: slackHeaders(signingSecret, body, now - 6 * 60), body, status: 401 },
    { reason: 'future', headers: slackHeaders(signingSecret, body, now + 6 * 60), body, status: 401 },
    { reason: 'missing_headers', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, status: 401 },
    { reason: 'bad_timestamp', headers: { ...slackHeaders(signingSecret, body), 'x-slack-request-timestamp': 'now' }, body, status: 401 },
    { reason: 'forged', headers: slackHeaders(signingSecret, body), body: tampered, status: 401 },
    { reason: 'too_large', headers: slackHeaders(signingSecret, oversized), body: oversized, status: 413 },
  ];
}

async function refusedCount(reason: string): Promise<number> {
  const counter = register.getSingleMetric('provenant_slack_requests_refused_total')!;
  return (await counter.get()).values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

/** Posts the request to the API's `/slack/events`: refused with its reason and status, and counted in the refusals metric. */
export async function assertSlackRefused(apiUrl: string, refusal: SlackRefusal): Promise<void> {
  const counted = await refusedCount(refusal.reason);
  const response = await fetch(`${apiUrl}/slack/events`, { method: 'POST', headers: refusal.headers, body: refusal.body });
  assert.equal(response.status, refusal.status, refusal.reason);
  assert.deepEqual(await response.json(), { ok: false, error: refusal.reason });
  assert.equal(await refusedCount(refusal.reason), counted + 1, `${refusal.reason} is counted`);
}
