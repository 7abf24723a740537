import type { ApprovalGate, GateStatus } from '../../../client/types';
import { approvalsOf, keyMetrics } from './approvals';
import { CONNECTION_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, UsageError, connect, oneOf, onePositional, outputFormat, parseCommand, positiveInteger, render, type Command } from './command';
import { collectPages } from './pages';
import { formatTable } from './table';

const GATE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED'] as const satisfies readonly GateStatus[];

export function gatesTable(gates: ApprovalGate[]): string {
  return formatTable([
    ['GATE', 'STATUS', 'SUBJECT', 'VERSION', 'ENVIRONMENT', 'APPROVALS', 'REQUESTED BY', 'CREATED'],
    ...gates.map((gate) => [
      gate.id,
      gate.status,
      gate.evidence?.modelName ?? gate.subject.title,
      gate.evidence ? String(gate.evidence.version) : '-',
      gate.environment ?? '-',
      approvalsOf(gate),
      gate.requestedBy,
      gate.createdAt,
    ]),
  ]);
}

export function describeGate(gate: ApprovalGate): string {
  const header = formatTable([
    ['gate', gate.id],
    ['status', gate.status],
    ['subject', `${gate.subject.kind} ${gate.subject.title} [${gate.subject.id}]`],
    ['environment', gate.environment ?? '-'],
    ['approvals', `${approvalsOf(gate)}${gate.approvers.length > 0 ? ` (only ${gate.approvers.join(', ')})` : ''}`],
    ['policy', gate.policy ?? '-'],
    ['requested by', gate.requestedBy],
    ['deadline', gate.deadline],
    ['workflow', gate.workflowId],
    ...(gate.evidence ? [['key metrics', keyMetrics(gate.evidence.metrics)]] : []),
    ...gate.evidenceLinks.map((link) => [link.label, link.url]),
  ]);
  if (gate.decisions.length === 0) return `${header}\n\nno decisions yet`;
  const decisions = formatTable([
    ['DECIDED AT', 'ACTOR', 'DECISION', 'CHANNEL', 'COMMENT'],
    ...gate.decisions.map((d) => [d.decidedAt, d.actor, d.decision, d.channel, d.comment ?? '']),
  ]);
  return `${header}\n\n${decisions}`;
}

export const gatesList: Command = {
  name: 'gates list',
  summary: 'approval gates, newest first, of any status',
  usage: `
Usage: provenant gates list [--status STATUS] [--limit N] [-o table|json|yaml]

Lists approval gates (approvalGates, every role), newest first: id, status, what it guards,
version, environment, approvals so far and needed, who asked, when. \`provenant approvals\`
shows the pending ones with their key metrics.

  --status S     PENDING, APPROVED, REJECTED, EXPIRED or CANCELLED (default: all)
  --limit N      at most N gates (default 20)
${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { status: { type: 'string' }, limit: { type: 'string', default: '20' }, ...OUTPUT_OPTIONS });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const format = outputFormat(values);
    const status = values.status === undefined ? undefined : oneOf(values.status, 'status', GATE_STATUSES);
    const client = connect(values);
    const gates = await collectPages(positiveInteger(values.limit, 'limit'), (first, after) => client.approvalGates({ status, first, after }));
    render(format, gates, () => (gates.length === 0 ? 'no approval gates' : gatesTable(gates)));
    return 0;
  },
};

export const gatesGet: Command = {
  name: 'gates get',
  summary: 'one approval gate: its subject, policy, evidence links and decisions',
  usage: `
Usage: provenant gates get GATE_ID [-o table|json|yaml]

Shows an approval gate (approvalGate, every role): what it guards, its status, approvals
so far and needed, named approvers, policy, deadline, the key metrics and links of its
evidence, and every decision. -o json or yaml gives the whole evidence.

${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, OUTPUT_OPTIONS);
    const id = onePositional(positionals, 'GATE_ID');
    const format = outputFormat(values);
    const gate = await connect(values).approvalGate(id);
    render(format, gate, () => describeGate(gate));
    return 0;
  },
};
