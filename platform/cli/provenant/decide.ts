import type { Decision } from '../../../client/types';
import { CONNECTION_HELP, connect, onePositional, parseCommand, print, type Command } from './command';

/** `approve` and `reject` differ only in their decision and whether the comment is required. */
function decisionCommand(decision: Decision, name: string, summary: string, usage: string): Command {
  return {
    name,
    summary,
    usage,
    async run(argv) {
      const { values, positionals } = parseCommand(this, argv, { comment: { type: 'string' } });
      const gateId = onePositional(positionals, 'GATE_ID');
      const gate = await connect(values).decideApproval({ gateId, decision, comment: typeof values.comment === 'string' ? values.comment : null });
      const approvals = gate.decisions.filter((d) => d.decision === 'APPROVE').length;
      print(`gate ${gate.id}: ${gate.status} (${approvals}/${gate.requiredApprovals} approvals)`);
      return 0;
    },
  };
}

const DECIDE_HELP = `${CONNECTION_HELP}

Exit status: 0 recorded, 1 refused by the API (printed as \`error [CODE] field: message\`:
FORBIDDEN for the person who started the run or someone not among the gate's named approvers,
CONFLICT for a closed gate or a second decision by the same person), 2 usage error.`;

export const approve = decisionCommand(
  'APPROVE',
  'approve',
  'approve a pending gate (roles approver, admin; never the one who started the run)',
  `
Usage: provenant approve GATE_ID [--comment TEXT]

Approves an approval gate (decideApproval, roles approver and admin). The gate opens once
it has as many distinct approvals as it requires, and the run goes on to deploy. Prints the
gate's status after the decision.

  --comment TEXT   recorded with the decision in the gate and the audit log

${DECIDE_HELP}
`,
);

export const reject = decisionCommand(
  'REJECT',
  'reject',
  'reject a pending gate with a comment; the run ends REJECTED',
  `
Usage: provenant reject GATE_ID --comment TEXT

Rejects an approval gate (decideApproval, roles approver and admin): one rejection closes
the gate and the run ends REJECTED without deploying.

  --comment TEXT   why; required, recorded in the gate and the audit log

${DECIDE_HELP}
`,
);
