import { APPROVER_ROLES } from '../../domain/approval';
import { escapeText } from './block-kit';

/** Who may decide a gate, in words: its named approvers, or the roles when it names none. */
export function approverList(approvers: string[], mentions: Record<string, string> = {}): string {
  if (approvers.length === 0) return `anyone with the ${APPROVER_ROLES.join(' or ')} role`;
  return approvers.map((name) => (mentions[name] ? `<@${mentions[name]}>` : `*${escapeText(name)}*`)).join(', ');
}
