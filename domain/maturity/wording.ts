import type { Evidence, EvidenceScope } from './element-rule';
import type { MaturityMeasurements } from './measurements';

/** How many names a message lists before it says "and N more". */
const NAMES_SHOWN = 5;

export function sumOf<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** part / whole, and 0 when there is no whole: nothing measured is no evidence. */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

export function lastWeeks(m: MaturityMeasurements): string {
  return m.weeks === 1 ? 'in the last week' : `in the last ${m.weeks} weeks`;
}

/** "a", "a and b", "a, b and c", "a, b, c, d, e and 2 more". */
export function listOf(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** "3 of 4 runs (75%)", or "0 runs" when there is nothing to divide by. */
export function ofTotal(part: number, whole: number, noun: string): string {
  return whole > 0 ? `${part} of ${whole} ${noun} (${percent(part / whole)})` : `0 ${noun}`;
}

export function count(name: string, value: number, detail: string, scope: EvidenceScope): Evidence {
  return { name, value, detail, scope };
}

/** A share as evidence: the value is the fraction, the detail says of what. */
export function ratio(name: string, part: number, whole: number, noun: string, scope: EvidenceScope): Evidence {
  return { name, value: shareOf(part, whole), detail: ofTotal(part, whole, noun), scope };
}

export function routeName(route: { modelName: string; environment: string }): string {
  return `${route.modelName} in ${route.environment}`;
}
