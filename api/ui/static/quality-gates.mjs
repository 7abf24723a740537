// The quality gates of an evaluation, as the approval queue and the provenance page show them.

import { badge, table } from './dom.mjs';

/** @param {{gate: string, passed: boolean, message: string}[]} gates */
export function qualityGatesTable(gates) {
  return table(
    [
      ['Gate', (g) => g.gate],
      ['Result', (g) => badge(g.passed ? 'PASSED' : 'FAILED')],
      ['Detail', (g) => g.message],
    ],
    gates,
    { empty: 'The run set no quality gates.' },
  );
}
