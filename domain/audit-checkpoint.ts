import { ed25519 } from '@noble/curves/ed25519';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

export const AUDIT_CHECKPOINT_FORMAT = 'provenant-audit-checkpoint';
export const AUDIT_CHECKPOINT_VERSION = 1;

/** A position in the audit log's hash chain: an event's sequence and its hash. */
export interface AuditChainHead {
  sequence: number;
  hash: string;
}

/**
 * The chain head, signed by the API with a key the database never sees: whoever rewrites
 * the log and recomputes every later hash still cannot make the event at `sequence` hash
 * to `hash` again, nor sign a new checkpoint.
 */
export interface AuditCheckpoint extends AuditChainHead {
  format: typeof AUDIT_CHECKPOINT_FORMAT;
  version: typeof AUDIT_CHECKPOINT_VERSION;
  checkpointedAt: string;
  /** The Ed25519 public key (hex) the signature verifies with. */
  verifyKey: string;
  signature: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The signed bytes, versioned so a new format can never verify as this one; scripts/verify-audit-export.mjs builds the same. */
export function auditCheckpointMessage(checkpoint: AuditChainHead & { checkpointedAt: string }): Uint8Array {
  return utf8ToBytes(JSON.stringify([`${AUDIT_CHECKPOINT_FORMAT}/v${AUDIT_CHECKPOINT_VERSION}`, checkpoint.sequence, checkpoint.hash, checkpoint.checkpointedAt]));
}

/** The public key (hex) of an Ed25519 seed (hex). */
export function auditVerifyKey(signingKey: string): string {
  return bytesToHex(ed25519.getPublicKey(signingKey));
}

export function signAuditCheckpoint(head: AuditChainHead, signingKey: string, now: Date): AuditCheckpoint {
  const unsigned = { sequence: head.sequence, hash: head.hash, checkpointedAt: now.toISOString() };
  return {
    format: AUDIT_CHECKPOINT_FORMAT,
    version: AUDIT_CHECKPOINT_VERSION,
    ...unsigned,
    verifyKey: auditVerifyKey(signingKey),
    signature: bytesToHex(ed25519.sign(auditCheckpointMessage(unsigned), signingKey)),
  };
}

/** Whether `value` is a checkpoint signed by `verifyKey`: anything else vouches for nothing. */
export function isTrustedAuditCheckpoint(value: unknown, verifyKey: string): value is AuditCheckpoint {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<AuditCheckpoint>;
  if (candidate.format !== AUDIT_CHECKPOINT_FORMAT || candidate.version !== AUDIT_CHECKPOINT_VERSION || candidate.verifyKey !== verifyKey) return false;
  const { sequence, hash, checkpointedAt, signature } = candidate;
  if (!Number.isSafeInteger(sequence) || sequence! < 1 || typeof hash !== 'string' || !SHA256_HEX.test(hash)) return false;
  if (typeof checkpointedAt !== 'string' || typeof signature !== 'string') return false;
  try {
    return ed25519.verify(signature, auditCheckpointMessage({ sequence: sequence!, hash, checkpointedAt }), verifyKey);
  } catch {
    return false;
  }
}
