import type { GateDecision, GateEvidence, GateState, GateStatus } from '../../domain/approval';
import { context, escapeText, link, plainText, section, slackDate, type SlackBlock, type SlackMessage } from './block-kit';
import { approverList } from './approvers';

/** A gate as an approver sees it: its state and the evidence it was opened with. */
export interface GateView extends GateState {
  evidence: GateEvidence;
}

/** `action_id`s of the gate message's buttons; each button's `value` is the gate id. */
export const GATE_ACTIONS = { approve: 'provenant_gate_approve', reject: 'provenant_gate_reject' } as const;

const OUTCOME: Record<GateStatus, string> = {
  PENDING: 'awaiting approval',
  APPROVED: ':white_check_mark: approved',
  REJECTED: ':x: rejected',
  EXPIRED: ':hourglass: expired: nobody decided before the deadline',
  CANCELLED: ':no_entry_sign: cancelled',
};

/**
 * The message in the approvals channel for one gate. Posted when the gate opens and
 * re-rendered in place after every decision; the buttons go once the gate is closed,
 * so nobody is invited to decide what is already decided.
 */
export function gateMessage(gate: GateView, publicUrl: string): SlackMessage {
  const { evidence } = gate;
  const subject = `${evidence.modelName} v${evidence.version} → ${gate.environment}`;
  const approvals = `${approvalCount(gate.decisions)} of ${gate.requiredApprovals}`;
  const open = gate.status === 'PENDING';
  const blocks: SlackBlock[] = [
    { type: 'header', text: plainText(open ? `Approval needed: ${subject}` : `${subject}: ${gate.status.toLowerCase()}`) },
    section(
      `*${escapeText(evidence.modelName)}* version *${evidence.version}* is asking to deploy to *${gate.environment}*.` +
        ` Requested by *${escapeText(gate.requestedBy)}*.`,
    ),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Approvals*\n${approvals}` },
        { type: 'mrkdwn', text: `*Deadline*\n${slackDate(gate.deadline)}` },
        { type: 'mrkdwn', text: `*Who may decide*\n${approverList(gate.approvers)}` },
        { type: 'mrkdwn', text: `*Data validation*\n${escapeText(evidence.validationStatus ?? 'not recorded')}` },
      ],
    },
    section(metricsText(evidence)),
    section(qualityGatesText(evidence)),
  ];
  if (gate.decisions.length > 0) blocks.push(section(decisionsText(gate.decisions)));
  blocks.push(
    open
      ? {
          type: 'actions',
          block_id: 'provenant_gate_decision',
          elements: [
            { type: 'button', action_id: GATE_ACTIONS.approve, value: gate.gateId, style: 'primary', text: plainText('Approve') },
            { type: 'button', action_id: GATE_ACTIONS.reject, value: gate.gateId, style: 'danger', text: plainText('Reject') },
          ],
        }
      : section(`*Gate ${OUTCOME[gate.status]}.* Decisions are closed.`),
  );
  blocks.push(context(`${link(evidenceUrl(evidence, publicUrl), 'Evidence and lineage')} · gate \`${gate.gateId}\` · run \`${escapeText(gate.workflowId)}\``));
  return {
    text: open ? `Approval needed: ${subject} (${approvals} approvals)` : `${subject}: ${OUTCOME[gate.status]}`,
    blocks,
  };
}

export function evidenceUrl(evidence: GateEvidence, publicUrl: string): string {
  return evidence.lineageUrl ?? `${publicUrl}/graphql`;
}

/** Distinct approvers so far: the number the quorum counts. */
export function approvalCount(decisions: GateDecision[]): number {
  return new Set(decisions.filter((decision) => decision.decision === 'APPROVE').map((decision) => decision.actor)).size;
}

function metricsText(evidence: GateEvidence): string {
  const { metrics, championMetrics, championVersion } = evidence;
  const heading = championVersion === null ? '*Metrics* (no champion yet)' : `*Metrics* vs champion v${championVersion}`;
  const lines = Object.entries(metrics).map(([metric, value]) => {
    const champion = championMetrics?.[metric];
    if (champion === undefined) return `• ${escapeText(metric)}: *${formatNumber(value)}*`;
    const delta = value - champion;
    return `• ${escapeText(metric)}: *${formatNumber(value)}* (champion ${formatNumber(champion)}, ${delta >= 0 ? '+' : ''}${formatNumber(delta)})`;
  });
  const fairness = Object.entries(evidence.fairness ?? {}).map(([measure, value]) => `• fairness ${escapeText(measure)}: ${formatNumber(value)}`);
  return [heading, ...(lines.length > 0 ? lines : ['• none recorded']), ...fairness].join('\n');
}

function qualityGatesText(evidence: GateEvidence): string {
  if (evidence.gates.length === 0) return '*Quality gates*\n• none configured';
  const lines = evidence.gates.map(
    (gate) => `${gate.passed ? ':white_check_mark:' : ':x:'} *${escapeText(gate.gate)}*${gate.message ? `: ${escapeText(gate.message)}` : ''}`,
  );
  return ['*Quality gates*', ...lines].join('\n');
}

function decisionsText(decisions: GateDecision[]): string {
  const lines = decisions.map((decision) => {
    const verb = decision.decision === 'APPROVE' ? ':white_check_mark: approved' : ':x: rejected';
    const comment = decision.comment ? `: “${escapeText(decision.comment)}”` : '';
    return `${verb} by *${escapeText(decision.actor)}* ${slackDate(decision.decidedAt)} via ${decision.channel}${comment}`;
  });
  return ['*Decisions*', ...lines].join('\n');
}

/** Four significant digits: enough to compare models, short enough to scan. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}
