import { parseDuration } from '../../domain/duration';
import { badInput } from '../../domain/errors';

/** The length of the prediction-log window a scan reads, e.g. "24h". */
export function scanWindowMs(text: string, field: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw badInput(field, `must be a duration like 30m, 24h or 7d (got ${JSON.stringify(text)})`);
  return ms;
}
