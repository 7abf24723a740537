import { APPROVER_ROLES, type DeployRequest } from '../../domain/approval';
import { parseDuration } from '../../domain/duration';
import { badInput } from '../../domain/errors';
import type { ApiToken } from '../../platform/config';
import type { CanaryInput, DeployInput } from '../approvals/approval.types';
import { DEFAULT_CANARY_POLICY, type CanaryPolicy } from '../../domain/deployment';

const MAX_GATE_LIFETIME_MS = 90 * 86_400_000;

/** Checks a deploy request: quorum, named approvers, and reminder/expiry durations. */
export function deployRequest(input: DeployInput | undefined | null, requestedBy: string, tokens: ApiToken[]): DeployRequest | null {
  if (!input) return null;
  const requiredApprovals = input.requiredApprovals ?? (input.environment === 'PRODUCTION' ? 2 : 1);
  if (!Number.isInteger(requiredApprovals) || requiredApprovals < 1 || requiredApprovals > 10) {
    throw badInput('input.deploy.requiredApprovals', 'must be an integer from 1 to 10');
  }
  const approvers = [...new Set(input.approvers ?? [])];
  approvers.forEach((name, index) => {
    const holders = tokens.filter((token) => token.name === name);
    if (!holders.some((token) => APPROVER_ROLES.includes(token.role))) {
      throw badInput(`input.deploy.approvers[${index}]`, `${JSON.stringify(name)} holds no approver or admin role`);
    }
    if (name === requestedBy) throw badInput(`input.deploy.approvers[${index}]`, 'you cannot approve your own pipeline (separation of duties)');
  });
  if (approvers.length > 0 && approvers.length < requiredApprovals) {
    throw badInput('input.deploy.requiredApprovals', `needs ${requiredApprovals} approvals but names only ${approvers.length} approvers`);
  }
  const remindAfterMs = duration(input.remindAfter ?? '4h', 'input.deploy.remindAfter');
  const expiresAfterMs = duration(input.expiresAfter ?? '3d', 'input.deploy.expiresAfter');
  if (expiresAfterMs > MAX_GATE_LIFETIME_MS) throw badInput('input.deploy.expiresAfter', 'must be at most 90d');
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
