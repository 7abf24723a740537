import { ed25519 } from '@noble/curves/ed25519';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { AttestedDecision, DecisionRefusal, DecisionRequest } from './approval';

/**
 * How long a signed decision stays good. Long enough for a slow network and clock skew
 * between the API and the workers, short enough that a captured update cannot be
 * replayed later (and a gate takes one decision per person anyway).
 */
export const ATTESTATION_MAX_AGE_MS = 5 * 60_000;

const HEX_KEY = /^[0-9a-f]{64}$/;

/**
 * The bytes the API signs: every field that makes the decision what it is, for one gate
 * at one time, versioned so the format can change without old signatures verifying as new.
 * Pure JavaScript (no node:crypto), so the gate workflow's update validator can check it
 * inside Temporal's deterministic sandbox.
 */
export function decisionMessage(decision: Omit<AttestedDecision, 'signature'>): Uint8Array {
  const { gateId, actor, role, decision: verdict, comment, channel, issuedAt } = decision;
  return utf8ToBytes(JSON.stringify(['provenant-decision/v1', gateId, actor, role, verdict, comment, channel, issuedAt]));
}

/** The API's side: signs an authenticated decision for one gate. `signingKey` is the 32-byte Ed25519 seed in hex. */
export function attestDecision(request: DecisionRequest, gateId: string, signingKey: string, now: Date): AttestedDecision {
  const unsigned = { ...request, gateId, issuedAt: now.toISOString() };
  return { ...unsigned, signature: bytesToHex(ed25519.sign(decisionMessage(unsigned), signingKey)) };
}

/** The public key (hex) that verifies decisions signed with `signingKey`. */
export function decisionVerifyKey(signingKey: string): string {
  return bytesToHex(ed25519.getPublicKey(signingKey));
}

export function isDecisionKey(value: string): boolean {
  return HEX_KEY.test(value);
}

/**
 * Why an update may not count as an attested decision for `gateId`, or null if it may:
 * signed by one of `trustedKeys` over exactly these fields, for this gate, recently.
 */
export function attestationRefusal(decision: Partial<AttestedDecision>, gateId: string, trustedKeys: readonly string[], nowMs: number): DecisionRefusal | null {
  const refuse = (message: string): DecisionRefusal => ({ code: 'FORBIDDEN', message });
  if (trustedKeys.length === 0) return refuse('this worker trusts no decision key, so it accepts no decisions (configure ProvenantPlugin with decisionVerifyKeys)');
  const { signature, issuedAt } = decision;
  if (typeof signature !== 'string' || typeof issuedAt !== 'string') {
    return refuse("the decision carries no attestation: decide through Provenant's API, Slack or web UI, not straight through Temporal");
  }
  if (decision.gateId !== gateId) return refuse('the decision was attested for another gate');
  const age = nowMs - Date.parse(issuedAt);
  if (!(age <= ATTESTATION_MAX_AGE_MS && age >= -ATTESTATION_MAX_AGE_MS)) return refuse(`the decision's attestation (issued ${issuedAt}) is stale or from the future`);
  const message = decisionMessage(decision as AttestedDecision);
  const valid = trustedKeys.some((key) => {
    try {
      return ed25519.verify(signature, message, key);
    } catch {
      return false;
    }
  });
  return valid ? null : refuse('the decision attestation does not verify: it was not signed by a trusted Provenant API');
}
