import type { DriftLevel } from '../../domain/drift';

export interface DriftLevels {
  /** The level after each step of the error stream. */
  levels: DriftLevel[];
  /** Steps (0-based) where a warning began: WARNING after a step that was not. */
  warnings: number[];
  /** Steps (0-based) where drift was signalled. */
  drifts: number[];
}

/**
 * A detector's run summarised as it goes: the level after the last step, and the points
 * (step numbers, timestamps: whatever the caller marks steps with) where warnings began
 * and drifts were signalled. Memory grows with the events, not the steps.
 */
export interface LevelTimeline<T> {
  level: DriftLevel;
  warnings: T[];
  drifts: T[];
}

export function emptyLevelTimeline<T>(): LevelTimeline<T> {
  return { level: 'NONE', warnings: [], drifts: [] };
}

/**
 * Records a step that ended at `level`, in place: a warning begins where WARNING follows a
 * step that was not WARNING; every DRIFT is signalled.
 */
export function recordLevel<T>(timeline: LevelTimeline<T>, level: DriftLevel, at: T): void {
  if (level === 'WARNING' && timeline.level !== 'WARNING') timeline.warnings.push(at);
  if (level === 'DRIFT') timeline.drifts.push(at);
  timeline.level = level;
}

/** The levels of a run with the steps where warnings began and drifts were signalled. */
export function driftLevels(levels: DriftLevel[]): DriftLevels {
  const timeline = emptyLevelTimeline<number>();
  levels.forEach((level, step) => recordLevel(timeline, level, step));
  return { levels, warnings: timeline.warnings, drifts: timeline.drifts };
}
