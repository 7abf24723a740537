import { DDM_INITIAL_STATE, ddmStep, type DdmState } from './ddm';
import { emptyLevelTimeline, recordLevel, type LevelTimeline } from './drift-level';
import { EDDM_INITIAL_STATE, eddmStep, type EddmState } from './eddm';
import { emptyFollowingWindowTracker, trackFollowingWindow, type FollowingWindowParameters, type FollowingWindowTracker } from './following-window';

/**
 * DDM and EDDM side by side over one stream of classification errors, fed one labelled
 * prediction at a time, as a drift scan reads them from a cursor: the same levels as
 * runDdm and runEddm over the whole stream, without holding it. Each step is marked with
 * the caller's `at` (a prediction's timestamp), so the timelines say when warnings began
 * and drifts were signalled, and each drift signal is confirmed or refuted by the window
 * of predictions that follows it. Updated in place.
 */
export interface ErrorStreamDetectors<T> {
  ddmState: DdmState;
  eddmState: EddmState;
  readonly ddm: LevelTimeline<T>;
  readonly eddm: LevelTimeline<T>;
  readonly ddmConfirmation: FollowingWindowTracker<T>;
  readonly eddmConfirmation: FollowingWindowTracker<T>;
}

export function emptyErrorStreamDetectors<T>(confirmation?: FollowingWindowParameters): ErrorStreamDetectors<T> {
  return {
    ddmState: DDM_INITIAL_STATE,
    eddmState: EDDM_INITIAL_STATE,
    ddm: emptyLevelTimeline(),
    eddm: emptyLevelTimeline(),
    ddmConfirmation: emptyFollowingWindowTracker('errors', confirmation),
    eddmConfirmation: emptyFollowingWindowTracker('errors', confirmation),
  };
}

/** One labelled prediction: `error` is true when it was wrong. */
export function observeError<T>(detectors: ErrorStreamDetectors<T>, error: boolean, at: T): void {
  const ddm = ddmStep(detectors.ddmState, error);
  detectors.ddmState = ddm.state;
  recordLevel(detectors.ddm, ddm.level, at);
  trackFollowingWindow(detectors.ddmConfirmation, error ? 1 : 0, ddm.level, at);
  const eddm = eddmStep(detectors.eddmState, error);
  detectors.eddmState = eddm.state;
  recordLevel(detectors.eddm, eddm.level, at);
  trackFollowingWindow(detectors.eddmConfirmation, error ? 1 : 0, eddm.level, at);
}
