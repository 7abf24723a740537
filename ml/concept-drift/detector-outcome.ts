import type { DetectorOutcome, DriftConfirmation } from '../../domain/drift';
import type { LevelTimeline } from './drift-level';
import type { FollowingWindowTracker, SignalConfirmation } from './following-window';

/** A detector's timeline and the confirmations of its signals, as a drift report stores them (steps marked with timestamps). */
export function detectorOutcome(timeline: LevelTimeline<string>, confirmation: FollowingWindowTracker<string>): DetectorOutcome {
  return { level: timeline.level, warnings: timeline.warnings, drifts: timeline.drifts, confirmations: confirmation.confirmations.map(confirmationOf) };
}

function confirmationOf({ at, status, decidedAt, before, after, pValue }: SignalConfirmation<string>): DriftConfirmation {
  return {
    at,
    status,
    decidedAt,
    rowsBefore: before.rows,
    meanBefore: before.sum / before.rows,
    rowsAfter: after.rows,
    meanAfter: after.rows === 0 ? null : after.sum / after.rows,
    pValue,
  };
}
