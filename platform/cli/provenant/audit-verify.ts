import type { AuditVerification } from '../../../client/types';
import { CONNECTION_HELP, UsageError, connect, parseCommand, print, printJson, type Command } from './command';


export function describeVerification(result: AuditVerification): string {
  if (result.ok) return `ok: ${result.checked} events checked, last sequence ${result.lastSequence ?? 'none'}, last hash ${result.lastHash ?? 'none'}`;
  const intact = result.lastSequence === null ? 'no event fits the chain' : `the chain holds through sequence ${result.lastSequence} (hash ${result.lastHash})`;
  return `BROKEN: first invalid sequence ${result.firstInvalidSequence}; ${intact}; ${result.checked} events checked`;
}

export const auditVerify: Command = {
  name: 'audit verify',
  summary: "verify the audit log's hash chain; prints ok or the first broken sequence",
  usage: `
Usage: provenant audit verify [--full] [--json]

Verifies the audit log's hash chain (verifyAuditLog, roles ops and admin) and prints "ok"
with the number of events in the chain and the last hash (keep it somewhere outside the
database), or "BROKEN" with the first event that was altered, removed or reordered and the
last one that still fits. The API re-hashes only the events appended since it last
verified, and the newest one it verified then.

  --full   re-hash from the first event: finds a change behind the triggers to an event
           verified before
  --json   print the API's answer as JSON

${CONNECTION_HELP}

Exit status: 0 intact, 1 broken or refused, 2 usage error.
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { json: { type: 'boolean' }, full: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const result = await connect(values).verifyAuditLog({ full: values.full });
    if (values.json) printJson(result);
    else print(describeVerification(result));
    return result.ok ? 0 : 1;
  },
};
