import { escapeText, link, slackDate, type SlackMessage, section } from './block-kit';
import { approverList } from './approvers';
import { approvalCount, evidenceUrl, gateSubjectText, type GateView } from './gate-message';

/**
 * The nudge when a gate has waited `remindAfter`: to the approvers (by Slack mention where
 * their account is linked) and to the escalation channel, with how long is left.
 * `mentions` maps Provenant names to Slack user ids.
 */
export function gateReminder(gate: GateView, mentions: Record<string, string>, publicUrl: string): SlackMessage {
  const approvals = approvalCount(gate.decisions);
  const missing = Math.max(gate.requiredApprovals - approvals, 0);
  const subject = gateSubjectText(gate);
  const text =
    `:alarm_clock: Reminder: ${subject} still needs ${missing} approval${missing === 1 ? '' : 's'}` +
    ` (${approvals} of ${gate.requiredApprovals} so far) before ${slackDate(gate.deadline)}, when the gate expires.\n` +
    `Who may decide: ${approverList(gate.approvers, mentions)}. ` +
    `${link(evidenceUrl(gate, publicUrl), 'Evidence')} · workflow \`${escapeText(gate.workflowId)}\``;
  return { text, blocks: [section(text)] };
}
