import type { GateDecision, GateEvidence, GateState, GateStatus } from '../../domain/approval';
import { describeApprovers } from '../../domain/approval-policy';
import { formatDuration } from '../../domain/duration';
import { context, escapeText, link, plainText, section, slackDate, type SlackBlock, type SlackMessage } from './block-kit';
import { approverList } from './approvers';

/** A gate as an approver sees it: its state and, for a model release, the evidence it was opened with. */
export interface GateView extends GateState {
  evidence: GateEvidence | null;
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
  const subject = evidence ? `${evidence.modelName} v${evidence.version} → ${gate.environment}` : gate.subject.title;
  const approvals = `${approvalCount(gate.decisions)} of ${gate.requiredApprovals}`;
  const open = gate.status === 'PENDING';
  const fields = [
    { type: 'mrkdwn', text: `*Approvals*\n${approvals}` },
    { type: 'mrkdwn', text: `*Deadline*\n${slackDate(gate.deadline)}` },
    { type: 'mrkdwn', text: `*Who may decide*\n${approverList(gate.approvers)}` },
  ];
  const blocks: SlackBlock[] = [
    { type: 'header', text: plainText(open ? `Approval needed: ${subject}` : `${subject}: ${gate.status.toLowerCase()}`) },
    section(`${evidence ? releaseSummary(evidence, gate) : subjectSummary(gate)} Requested by *${escapeText(gate.requestedBy)}*.`),
  ];
  if (evidence) fields.push({ type: 'mrkdwn', text: `*Data validation*\n${escapeText(evidence.validationStatus ?? 'not recorded')}` });
  blocks.push({ type: 'section', fields });
  if (gate.policy) blocks.push(section(policyText(gate)));
  if (evidence) blocks.push(section(metricsText(evidence)), section(qualityChecksText(evidence)));
  if (gate.evidenceLinks.length > 0) blocks.push(section(['*Evidence*', ...gate.evidenceLinks.map((l) => `• ${link(l.url, l.label)}`)].join('\n')));
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
  blocks.push(context(`${link(evidenceUrl(gate, publicUrl), 'Evidence and lineage')} · gate \`${gate.gateId}\` · workflow \`${escapeText(gate.workflowId)}\``));
  return {
    text: open ? `Approval needed: ${subject} (${approvals} approvals)` : `${subject}: ${OUTCOME[gate.status]}`,
    blocks,
  };
}

export function evidenceUrl(gate: GateView, publicUrl: string): string {
  return gate.evidence?.lineageUrl ?? gate.subject.url ?? `${publicUrl}/ui`;
}

/** What the gate is about, in one line of mrkdwn: the release, or the subject's title. */
export function gateSubjectText(gate: GateView): string {
  const { evidence } = gate;
  return evidence ? `*${escapeText(evidence.modelName)}* v${evidence.version} → *${gate.environment}*` : `*${escapeText(gate.subject.title)}*`;
}

function releaseSummary(evidence: GateEvidence, gate: GateView): string {
  return `*${escapeText(evidence.modelName)}* version *${evidence.version}* is asking to deploy to *${gate.environment}*.`;
}

function subjectSummary(gate: GateView): string {
  const title = gate.subject.url ? link(gate.subject.url, gate.subject.title) : `*${escapeText(gate.subject.title)}*`;
  return `${title} (${escapeText(gate.subject.kind)} \`${escapeText(gate.subject.id)}\`) is asking for approval.`;
}

/** The approval policy the gate follows, as it applied it: name and version, quorum, who may and may never approve, expiry. */
export function policyText(gate: GateView): string {
  const version = gate.policyVersion ? ` (v${gate.policyVersion})` : '';
  const lines = [
    `*Policy* ${escapeText(gate.policy ?? '')}${version}`,
    `• at least ${gate.requiredApprovals} approval${gate.requiredApprovals === 1 ? '' : 's'}`,
    `• who may approve: ${escapeText(describeApprovers(gate.approverRoles ?? [], gate.policyApprovers ?? []))}`,
    ...((gate.excludedApprovers ?? []).length > 0 ? [`• never: ${escapeText(gate.excludedApprovers!.join(', '))}, nor the requester`] : []),
    ...(gate.expiresAfterMs ? [`• expires after ${formatDuration(gate.expiresAfterMs)}, at ${slackDate(gate.deadline)}`] : []),
  ];
  return lines.join('\n');
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

function qualityChecksText(evidence: GateEvidence): string {
  if (evidence.qualityChecks.length === 0) return '*Quality checks*\n• none configured';
  const lines = evidence.qualityChecks.map(
    (check) => `${check.passed ? ':white_check_mark:' : ':x:'} *${escapeText(check.check)}*${check.message ? `: ${escapeText(check.message)}` : ''}`,
  );
  return ['*Quality checks*', ...lines].join('\n');
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
