import { raw, type ErrorRequestHandler, type RequestHandler } from 'express';
import { refuseSlackRequest } from './refused-requests';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's payloads are a few KiB; anything this large is not from Slack and is not read. */
export const SLACK_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The Slack route's body as the exact bytes Slack signed (a Buffer in `request.body`).
 * Registered ahead of the application's JSON and form parsers, which then find the
 * stream consumed and leave it alone; every other route is parsed as before.
 */
export function slackRequestBody(): [RequestHandler, ErrorRequestHandler] {
  return [
    raw({ type: () => true, limit: SLACK_MAX_BODY_BYTES }),
    (error: { type?: string }, request, response, next) => {
      if (error.type === 'entity.too.large') refuseSlackRequest(request, response, 'too_large');
      else next(error);
    },
  ];
}
