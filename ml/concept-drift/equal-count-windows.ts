import type { PerformanceWindow } from '../../domain/drift';

/** Windows a performance history is cut into: enough for a trend, few enough to read. */
export const PERFORMANCE_WINDOWS = 10;

/**
 * The mean of a per-prediction value (an error, 0 or 1, or an absolute error) over
 * consecutive windows of a known number of predictions in time order, cut into at most
 * `maxWindows` windows of nearly equal size: window k holds predictions
 * [⌊kN/W⌋, ⌊(k+1)N/W⌋), W = min(maxWindows, N), so sizes differ by at most one. Equal
 * counts, not equal durations, give every window the same statistical weight however
 * traffic varies. Built one prediction at a time, in place; memory is per window.
 */
export interface EqualCountWindows {
  readonly total: number;
  /** End (exclusive) of each window, in predictions. */
  readonly ends: number[];
  readonly windows: { from: string; to: string; rows: number; sum: number }[];
  seen: number;
}

export function emptyEqualCountWindows(total: number, maxWindows: number = PERFORMANCE_WINDOWS): EqualCountWindows {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a count ≥ 0 (got ${total})`);
  if (!Number.isSafeInteger(maxWindows) || maxWindows < 1) throw new RangeError(`maxWindows must be a positive integer (got ${maxWindows})`);
  return { total, ends: equalCountEnds(total, maxWindows), windows: [], seen: 0 };
}

/** Where each of the min(maxWindows, total) windows of `total` predictions ends (exclusive): ⌊(k+1)N/W⌋. */
export function equalCountEnds(total: number, maxWindows: number = PERFORMANCE_WINDOWS): number[] {
  const count = Math.min(maxWindows, total);
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 1) * total) / count));
}

/** Adds the next prediction, logged `at`, with its value. */
export function addToWindows(windows: EqualCountWindows, at: string, value: number): void {
  if (windows.seen >= windows.total) throw new RangeError(`more than the ${windows.total} predictions announced`);
  const index = windows.windows.length - 1;
  if (index < 0 || windows.seen >= windows.ends[index]) windows.windows.push({ from: at, to: at, rows: 1, sum: value });
  else {
    const window = windows.windows[index];
    window.to = at;
    window.rows += 1;
    window.sum += value;
  }
  windows.seen += 1;
}

/** Each window's first and last timestamp, size and mean value; throws unless every announced prediction was added. */
export function performanceWindows(windows: EqualCountWindows): PerformanceWindow[] {
  if (windows.seen !== windows.total) throw new RangeError(`${windows.seen} of the ${windows.total} predictions announced were added`);
  return windows.windows.map(({ from, to, rows, sum }) => ({ from, to, rows, value: sum / rows }));
}
