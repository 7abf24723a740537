import { emptyLevelTimeline, recordLevel, type LevelTimeline } from './drift-level';
import { emptyFollowingWindowTracker, trackFollowingWindow, type FollowingWindowParameters, type FollowingWindowTracker } from './following-window';
import { PAGE_HINKLEY_INITIAL_STATE, pageHinkleyStep, type PageHinkleyState } from './page-hinkley';

/**
 * Page–Hinkley over a regression model's absolute errors, fed one labelled prediction at
 * a time as a drift scan reads them: the regression counterpart of ErrorStreamDetectors,
 * with the same timeline and the same confirmation of each drift signal by the window
 * that follows it. Updated in place.
 */
export interface AbsoluteErrorDetectors<T> {
  pageHinkleyState: PageHinkleyState;
  readonly pageHinkley: LevelTimeline<T>;
  readonly pageHinkleyConfirmation: FollowingWindowTracker<T>;
}

export function emptyAbsoluteErrorDetectors<T>(confirmation?: FollowingWindowParameters): AbsoluteErrorDetectors<T> {
  return { pageHinkleyState: PAGE_HINKLEY_INITIAL_STATE, pageHinkley: emptyLevelTimeline(), pageHinkleyConfirmation: emptyFollowingWindowTracker('values', confirmation) };
}

/** One labelled prediction's absolute error. */
export function observeAbsoluteError<T>(detectors: AbsoluteErrorDetectors<T>, absoluteError: number, at: T): void {
  const step = pageHinkleyStep(detectors.pageHinkleyState, absoluteError);
  detectors.pageHinkleyState = step.state;
  recordLevel(detectors.pageHinkley, step.level, at);
  trackFollowingWindow(detectors.pageHinkleyConfirmation, absoluteError, step.level, at);
}
