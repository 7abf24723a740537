// The quality checks of an evaluation, as the approval queue and the provenance page show them.

import { badge, table } from './dom.mjs';

/** @param {{check: string, passed: boolean, message: string}[]} checks */
export function qualityChecksTable(checks) {
  return table(
    [
      ['Check', (c) => c.check],
      ['Result', (c) => badge(c.passed ? 'PASSED' : 'FAILED')],
      ['Detail', (c) => c.message],
    ],
    checks,
    { empty: 'The run set no quality checks.' },
  );
}
