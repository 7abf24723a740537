import type { ApprovalGate } from '../../../client/types';
import { CONNECTION_HELP, UsageError, connect, parseCommand, print, printJson, type Command } from './command';
import { formatTable } from './table';

/** The metrics an approver looks at first, in this order; the rest are in the gate's evidence. */
const KEY_METRICS = ['accuracy', 'macroF1', 'rocAucMacro', 'logLoss', 'rmse', 'mae', 'r2'];

export function keyMetrics(metrics: Record<string, number>): string {
  return KEY_METRICS.filter((name) => typeof metrics[name] === 'number')
    .map((name) => `${name} ${Number(metrics[name].toFixed(4))}`)
    .join(', ');
}

/** `1/2`: approvals so far of those the gate needs. */
export function approvalsOf(gate: ApprovalGate): string {
  return `${gate.decisions.filter((d) => d.decision === 'APPROVE').length}/${gate.requiredApprovals}`;
}

export function pendingGatesTable(gates: ApprovalGate[]): string {
  return formatTable([
    ['GATE', 'MODEL', 'VERSION', 'ENVIRONMENT', 'APPROVALS', 'REQUESTED BY', 'DEADLINE', 'KEY METRICS'],
    ...gates.map((gate) => [
      gate.id,
      // A gate about something other than a model release shows its subject's title.
      gate.evidence?.modelName ?? gate.subject.title,
      gate.evidence ? String(gate.evidence.version) : '-',
      gate.environment ?? '-',
      approvalsOf(gate),
      gate.requestedBy,
      gate.deadline,
      gate.evidence ? keyMetrics(gate.evidence.metrics) : '',
    ]),
  ]);
}

export const approvals: Command = {
  name: 'approvals',
  summary: 'pending approval gates: model, version, environment, requester, deadline, key metrics',
  usage: `
Usage: provenant approvals [--json]

Lists the approval gates waiting for decisions (approvalGates(status: PENDING), every
role), newest first: gate id, model, version, environment, approvals so far and needed,
who started the run (they may not decide it), deadline, and the key metrics of the
gate's evidence. Decide one with \`provenant approve GATE_ID\` or \`provenant reject GATE_ID\`.

  --json   print the gates, with their whole evidence, as JSON

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const client = connect(values);
    const gates: ApprovalGate[] = [];
    for (let after: string | null = null; ; ) {
      const page = await client.approvalGates({ status: 'PENDING', first: 100, after });
      gates.push(...page.nodes);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    if (values.json) printJson(gates);
    else print(gates.length === 0 ? 'no approval gates are pending' : pendingGatesTable(gates));
    return 0;
  },
};
