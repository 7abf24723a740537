import { appendFile } from 'node:fs/promises';
import type { FaultResult } from '../../../platform/cli/fault-table';

/** Adds a row to the table `npm run test:faults` prints at the end (a suite run on its own just asserts). */
export async function recordFaultResult(result: FaultResult): Promise<void> {
  const file = process.env.PROVENANT_FAULT_RESULTS;
  if (file) await appendFile(file, `${JSON.stringify(result)}\n`);
}
