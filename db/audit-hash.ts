import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers. */
export interface AuditEventContent {
  sequence: number;
  occurredAt: Date;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

/**
 * hash = SHA-256(previousHash ‖ "\n" ‖ canonicalJson(content)). Chaining each event
 * to its predecessor means altering, removing or reordering any event changes every
 * hash after it; a verifier needs only the events themselves.
 */
export function auditEventHash(previousHash: string, content: AuditEventContent): string {
  return createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(
      canonicalJson({
        sequence: content.sequence,
        occurredAt: content.occurredAt.toISOString(),
        actor: content.actor,
        action: content.action,
        subjectType: content.subjectType,
        subjectId: content.subjectId,
        payload: content.payload,
      }),
    )
    .digest('hex');
}
