import { APPROVER_ROLES, type DeployRequest } from '../../domain/approval';
import { describeApprovers, policyLabel, restrictsApprovers, type ApprovalPolicy } from '../../domain/approval-policy';
import { formatDuration, parseDuration } from '../../domain/duration';
import { badInput } from '../../domain/errors';
import type { ApiToken } from '../../platform/config';
import type { CanaryInput, DeployInput } from '../approvals/approval.types';
import { DEFAULT_CANARY_POLICY, type CanaryPolicy } from '../../domain/deployment';

const MAX_GATE_LIFETIME_MS = 90 * 86_400_000;
const DEFAULT_REMIND_AFTER_MS = 4 * 3_600_000;
const DEFAULT_EXPIRES_AFTER_MS = 3 * 86_400_000;

/** Someone the deploy request's gate must never let approve, and why (shown when a request names them). */
export interface Exclusion {
  name: string;
  reason: string;
}

/**
 * Checks a deploy request: quorum, named approvers, and reminder/expiry durations, within
 * the approval policy that governs the model in that environment. What the request leaves
 * out comes from the policy; what it sets may tighten the policy, never loosen it: fewer
 * approvals, a later reminder or expiry, or an approver the policy does not allow is refused,
 * naming the field.
 */
export function deployRequest(
  input: DeployInput | undefined | null,
  requestedBy: string,
  tokens: ApiToken[],
  policy: ApprovalPolicy | null = null,
  exclusions: Exclusion[] = [],
): DeployRequest | null {
  if (!input) return null;
  const governed = policy ? ` under approval policy ${policyLabel(policy)}` : '';
  const requiredApprovals = input.requiredApprovals ?? Math.max(input.environment === 'PRODUCTION' ? 2 : 1, policy?.minApprovals ?? 1);
  if (!Number.isInteger(requiredApprovals) || requiredApprovals < 1 || requiredApprovals > 10) {
    throw badInput('input.deploy.requiredApprovals', 'must be an integer from 1 to 10');
  }
  if (policy && requiredApprovals < policy.minApprovals) {
    throw badInput('input.deploy.requiredApprovals', `must be at least ${policy.minApprovals}${governed} (asked for ${requiredApprovals})`);
  }
  const excluded: Exclusion[] = [...(policy?.excludedApprovers ?? []).map((name) => ({ name, reason: `is excluded from approving${governed}` })), ...exclusions];
  const approvers = [...new Set(input.approvers ?? [])];
  approvers.forEach((name, index) => {
    const field = `input.deploy.approvers[${index}]`;
    const roles = tokens.filter((token) => token.name === name).map((token) => token.role);
    if (!roles.some((role) => APPROVER_ROLES.includes(role))) throw badInput(field, `${JSON.stringify(name)} holds no approver or admin role`);
    if (name === requestedBy) throw badInput(field, 'you cannot approve your own pipeline (separation of duties)');
    const exclusion = excluded.find((candidate) => candidate.name === name);
    if (exclusion) throw badInput(field, `${name} ${exclusion.reason}`);
    if (policy && restrictsApprovers(policy) && !policy.approvers.includes(name) && !roles.some((role) => policy.approverRoles.includes(role))) {
      throw badInput(field, `${name} may not approve${governed}, which lets ${describeApprovers(policy.approverRoles, policy.approvers)} approve`);
    }
  });
  if (approvers.length > 0 && approvers.length < requiredApprovals) {
    throw badInput('input.deploy.requiredApprovals', `needs ${requiredApprovals} approvals but names only ${approvers.length} approvers`);
  }
  if (policy && approvers.length === 0 && policy.approverRoles.length === 0 && policy.approvers.length > 0) {
    const eligible = policy.approvers.filter((name) => name !== requestedBy && !excluded.some((candidate) => candidate.name === name));
    if (eligible.length < requiredApprovals) {
      throw badInput('input.deploy.requiredApprovals', `needs ${requiredApprovals} approvals, but only ${eligible.length} people may approve this request${governed} (${eligible.join(', ') || 'nobody'})`);
    }
  }
  const remindAfterMs = input.remindAfter != null ? duration(input.remindAfter, 'input.deploy.remindAfter') : Math.min(DEFAULT_REMIND_AFTER_MS, policy?.remindAfterMs ?? Infinity);
  const expiresAfterMs = input.expiresAfter != null ? duration(input.expiresAfter, 'input.deploy.expiresAfter') : Math.min(DEFAULT_EXPIRES_AFTER_MS, policy?.expiresAfterMs ?? Infinity);
  if (expiresAfterMs > MAX_GATE_LIFETIME_MS) throw badInput('input.deploy.expiresAfter', 'must be at most 90d');
  if (policy && expiresAfterMs > policy.expiresAfterMs) {
    throw badInput('input.deploy.expiresAfter', `must be at most ${formatDuration(policy.expiresAfterMs)}${governed} (asked for ${formatDuration(expiresAfterMs)})`);
  }
  if (policy && remindAfterMs > policy.remindAfterMs) {
    throw badInput('input.deploy.remindAfter', `must be at most ${formatDuration(policy.remindAfterMs)}${governed} (asked for ${formatDuration(remindAfterMs)})`);
  }
  if (remindAfterMs >= expiresAfterMs) throw badInput('input.deploy.remindAfter', 'must be shorter than expiresAfter');
  return { environment: input.environment, requiredApprovals, approvers, remindAfterMs, expiresAfterMs, canary: canaryPolicy(input.canary) };
}

function canaryPolicy(input: CanaryInput | undefined | null): CanaryPolicy {
  const field = 'input.deploy.canary';
  const steps = input?.steps ?? DEFAULT_CANARY_POLICY.steps;
  const ascending = steps.every((step, i) => Number.isInteger(step) && step > 0 && step <= 100 && (i === 0 || step > steps[i - 1]));
  if (steps.length === 0 || !ascending || steps.at(-1) !== 100) throw badInput(`${field}.steps`, 'must be ascending percentages ending at 100, e.g. [10, 50, 100]');
  const fraction = (value: number | undefined | null, name: string, fallback: number, max = 1) => {
    const chosen = value ?? fallback;
    if (!(Number.isFinite(chosen) && chosen >= 0 && chosen <= max)) throw badInput(`${field}.${name}`, `must be between 0 and ${max}`);
    return chosen;
  };
  const minRequests = input?.minRequests ?? DEFAULT_CANARY_POLICY.minRequests;
  // 0 is allowed on purpose: an environment without live traffic (often staging) cannot supply any.
  if (!Number.isInteger(minRequests) || minRequests < 0) throw badInput(`${field}.minRequests`, 'must be a non-negative integer');
  return {
    steps,
    observationMs: input?.observationWindow ? duration(input.observationWindow, `${field}.observationWindow`) : DEFAULT_CANARY_POLICY.observationMs,
    maxErrorRate: fraction(input?.maxErrorRate, 'maxErrorRate', DEFAULT_CANARY_POLICY.maxErrorRate),
    maxLatencyRatio: fraction(input?.maxLatencyRatio, 'maxLatencyRatio', DEFAULT_CANARY_POLICY.maxLatencyRatio, 100),
    maxPredictionShift: fraction(input?.maxPredictionShift, 'maxPredictionShift', DEFAULT_CANARY_POLICY.maxPredictionShift),
    minRequests,
  };
}

function duration(text: string, field: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw badInput(field, `must be a duration like 90s, 15m, 4h or 3d (got ${JSON.stringify(text)})`);
  return ms;
}
