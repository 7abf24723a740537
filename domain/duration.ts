const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "15m", "4h", "3d", "250ms" → milliseconds; null when it is not one of these. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]) * UNIT_MS[match[2]];
  return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

/**
 * Milliseconds → text that parseDuration reads back to the same value, in the largest
 * unit that divides it evenly ("1d", "90m", "1500ms"): stored durations shown short.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError(`a duration must be a positive whole number of milliseconds (got ${ms})`);
  const [unit, size] = Object.entries(UNIT_MS)
    .sort(([, a], [, b]) => b - a)
    .find(([, size]) => ms % size === 0)!;
  return `${ms / size}${unit}`;
}
