import type { CheckStatus, ValidationCheck } from '../../domain/validation';

/** A check whose status follows from where `observed` falls against a WARN and a FAIL limit. */
export function graded(
  name: string,
  column: string | null,
  observed: number,
  limits: { warn?: number; fail?: number; direction: 'above' | 'below' },
  describe: (status: CheckStatus, threshold: number | null) => string,
): ValidationCheck {
  const beyond = (limit: number | undefined) =>
    limit !== undefined && (limits.direction === 'above' ? observed >= limit : observed < limit);
  const status: CheckStatus = beyond(limits.fail) ? 'FAIL' : beyond(limits.warn) ? 'WARN' : 'PASS';
  const threshold = status === 'FAIL' ? limits.fail! : (limits.warn ?? limits.fail ?? null);
  return { name, column, observed: round(observed), threshold, status, message: describe(status, threshold) };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
