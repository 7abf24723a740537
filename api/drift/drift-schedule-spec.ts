import type { DeployEnvironment } from '../../domain/approval';
import { driftScanWorkflowIdPrefix } from '../../domain/drift';
import { parseDuration } from '../../domain/duration';
import { badInput } from '../../domain/errors';

/** Temporal could start scans every few milliseconds; one a second is already far more than drift needs. */
export const MIN_SCHEDULE_INTERVAL_MS = 1000;
const MIN_CATCHUP_WINDOW_MS = 10_000;
const MAX_CATCHUP_WINDOW_MS = 3_600_000;

/** When a schedule fires: exactly one of an interval (with its length) and a cron expression. */
export type ScheduleTiming = { every: string; intervalMs: number; cron: null } | { every: null; intervalMs: null; cron: string };

export function scheduleTiming(every: string | null | undefined, cron: string | null | undefined): ScheduleTiming {
  if (every != null && cron != null) throw badInput('input.every', 'give either every or cron, not both');
  if (cron != null) {
    const expression = cron.trim();
    if (!expression) throw badInput('input.cron', 'must be a cron expression such as "0 * * * *"');
    return { every: null, intervalMs: null, cron: expression };
  }
  if (every == null) throw badInput('input.every', 'give every (an interval such as 1h) or cron');
  const intervalMs = parseDuration(every);
  if (intervalMs === null) throw badInput('input.every', `must be a duration like 90s, 15m, 1h or 1d (got ${JSON.stringify(every)})`);
  if (intervalMs < MIN_SCHEDULE_INTERVAL_MS) throw badInput('input.every', 'must be at least 1s');
  return { every: every.trim(), intervalMs, cron: null };
}

/**
 * How late a missed scan may still start after Temporal was down: one interval, kept
 * between 10 s and 1 h. A scan covers the window ending when it starts, so replaying
 * every scan missed during an outage would only scan the same traffic again and again;
 * a window of one interval replays at most the last missed scan, never a burst. The cap
 * keeps a long outage from starting a daily scan hours late, the floor absorbs a brief
 * restart. A cron expression's spacing is Temporal's to compute, so it gets the cap, and
 * the SKIP overlap policy is what keeps its replays to one: they are taken at once, and
 * every one after the first finds that scan still running and is skipped.
 */
export function catchupWindowMs(timing: ScheduleTiming): number {
  if (timing.intervalMs === null) return MAX_CATCHUP_WINDOW_MS;
  return Math.min(MAX_CATCHUP_WINDOW_MS, Math.max(MIN_CATCHUP_WINDOW_MS, timing.intervalMs));
}

/** One schedule per model and environment, named so an operator recognises it in the Temporal UI. */
export function driftScheduleId(taskQueuePrefix: string, modelName: string, environment: DeployEnvironment): string {
  return `${taskQueuePrefix}.drift.${modelName}.${environment}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Temporal appends each run's scheduled time to this, so every scheduled scan has its own id. */
export function scheduledScanWorkflowId(modelName: string, environment: DeployEnvironment): string {
  return `${driftScanWorkflowIdPrefix(modelName)}${environment}:scheduled`;
}
