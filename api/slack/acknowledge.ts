import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Slack shows the user an error unless it has an answer within 3 s; what is not done by
 * this long is answered "received" and finished behind (network time is the margin).
 */
export const ACKNOWLEDGE_WITHIN_MS = 2000;

export const STILL_WORKING = Symbol('still working');

/** The work's result if it is done within ACKNOWLEDGE_WITHIN_MS, otherwise STILL_WORKING; the work goes on either way. */
export async function withinAcknowledgement<T>(work: Promise<T>, withinMs = ACKNOWLEDGE_WITHIN_MS): Promise<T | typeof STILL_WORKING> {
  const timer = new AbortController();
  try {
    return await Promise.race([work, sleep(withinMs, STILL_WORKING, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}
