import type { Request, Response } from 'express';
import { Counter } from 'prom-client';
import { logger } from '../../platform/logger';
import type { SignatureRefusal } from '../../slack/request-signature';

export type SlackRequestRefusal = SignatureRefusal | 'replayed' | 'too_large' | 'not_configured';

const refusedRequests = new Counter({
  name: 'provenant_slack_requests_refused_total',
  help: 'Requests to /slack/events refused before any work, by reason (forged, stale, future, replayed, too_large, ...).',
  labelNames: ['reason'] as const,
});

const log = logger.child({ component: 'slack' });

/**
 * Says no without saying more: the reason code only, never what was expected. Logged at
 * warn because outside of clock skew, a refusal means someone else is calling the endpoint.
 */
export function refuseSlackRequest(request: Request, response: Response, reason: SlackRequestRefusal): void {
  refusedRequests.inc({ reason });
  log.warn({ reason, ip: request.ip, timestamp: request.get('x-slack-request-timestamp') }, 'Slack request refused');
  response.status(reason === 'too_large' ? 413 : 401).json({ ok: false, error: reason });
}
