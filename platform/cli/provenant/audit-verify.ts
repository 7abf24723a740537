import type { AuditVerification } from '../../../client/types';
import { CONNECTION_HELP, UsageError, connect, parseCommand, print, printJson, type Command } from './command';


export function describeVerification(result: AuditVerification): string {
  const checkpoints = `${result.checkpointsChecked} signed checkpoint(s)`;
  if (result.ok) return `ok: ${result.checked} events checked against ${checkpoints}, last sequence ${result.lastSequence ?? 'none'}, last hash ${result.lastHash ?? 'none'}`;
  const intact = result.lastSequence === null ? 'no event fits the chain' : `the chain holds through sequence ${result.lastSequence} (hash ${result.lastHash})`;
  const cause =
    result.brokenCheckpointSequence === null
      ? ''
      : `; the chain no longer reaches the hash signed at sequence ${result.brokenCheckpointSequence}: an event from ${result.firstInvalidSequence} on was rewritten and the later hashes recomputed, or events were removed`;
  const tampered = `${result.tamperingFindings} event(s) found altered or removed before they were sealed (see the audit.tampering_detected events)`;
  if (result.firstInvalidSequence === null) return `BROKEN: ${tampered}; the chain holds through sequence ${result.lastSequence ?? 'none'}; ${result.checked} events checked against ${checkpoints}`;
  const alsoTampered = result.tamperingFindings > 0 ? `; ${tampered}` : '';
  return `BROKEN: first invalid sequence ${result.firstInvalidSequence}; ${intact}${cause}${alsoTampered}; ${result.checked} events checked against ${checkpoints}`;
}

export const auditVerify: Command = {
  name: 'audit verify',
  summary: "verify the audit log's hash chain; prints ok or the first broken sequence",
  usage: `
Usage: provenant audit verify [--full] [--json]

Verifies the audit log's hash chain and holds it against the chain heads the API signed
(verifyAuditLog, roles ops and admin), and prints "ok" with the number of events and
checkpoints checked and the last hash, or "BROKEN" with the first event that was altered,
removed or reordered, or that no signed checkpoint vouches for any more (someone rewrote
the log and recomputed the hashes), and the last one that still fits, or the number of
events found altered or removed while they waited to be sealed into the chain. The API re-hashes
only the events appended since it last verified, and the newest one it verified then;
--full re-hashes the whole chain.

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
