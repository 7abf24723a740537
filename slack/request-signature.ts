import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack signs each request it sends us: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`
 * with the app's signing secret (https://api.slack.com/authentication/verifying-requests-from-slack).
 */
const SIGNATURE_VERSION = 'v0';

/**
 * How far a request's timestamp may be from our clock, either way. Slack's guidance bounds
 * only the past; bounding the future too means a signature captured today cannot be
 * replayed tomorrow just because its sender put a later timestamp on it.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type SignatureRefusal = 'missing_headers' | 'bad_timestamp' | 'stale' | 'future' | 'forged';

export interface SignedRequest {
  /** `X-Slack-Request-Timestamp`: Unix seconds. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`. */
  signature: string | undefined;
  /** The body exactly as received, before any parsing. */
  rawBody: Buffer;
}

export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`${SIGNATURE_VERSION}:${timestamp}:`);
  hmac.update(rawBody);
  return `${SIGNATURE_VERSION}=${hmac.digest('hex')}`;
}

/** Why the request is not Slack's, or null if it is. */
export function signatureRefusal(signingSecret: string, request: SignedRequest, nowMs: number = Date.now()): SignatureRefusal | null {
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature) return 'missing_headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad_timestamp';
  const ageSeconds = Math.floor(nowMs / 1000) - Number(timestamp);
  if (ageSeconds > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  if (ageSeconds < -SIGNATURE_TOLERANCE_SECONDS) return 'future';
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody));
  const received = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; the length of a signature is no secret.
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return 'forged';
  return null;
}
