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
    .update(canonicalJson({ sequence: content.sequence, ...recordedFacts(content) }))
    .digest('hex');
}

/** An event as its writer put it in the intake, before the sealer gives it a place in the chain. */
export interface AuditIntakeContent extends Omit<AuditEventContent, 'sequence'> {
  id: string;
  idempotencyKey: string | null;
}

/**
 * hash = SHA-256(canonicalJson(content)), with the event's id and idempotency key: what the
 * writer stores beside an event in the intake and the sealer checks before chaining it, so
 * an edit made while the event waited to be sealed does not pass unnoticed.
 */
export function auditContentHash(content: AuditIntakeContent): string {
  return createHash('sha256')
    .update(canonicalJson({ id: content.id, ...recordedFacts(content), idempotencyKey: content.idempotencyKey }))
    .digest('hex');
}

/** What happened, by whom, to what: the fields both hashes cover (canonical JSON sorts the keys, so their order is no matter). */
function recordedFacts(content: Omit<AuditEventContent, 'sequence'>) {
  const { occurredAt, actor, action, subjectType, subjectId, payload } = content;
  return { occurredAt: occurredAt.toISOString(), actor, action, subjectType, subjectId, payload };
}
