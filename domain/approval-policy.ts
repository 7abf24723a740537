import { APPROVER_ROLES, type DeployEnvironment } from './approval';
import type { GateSpec } from './approval-request';
import type { Role } from './roles';

/**
 * An admin's rule for approval gates: how many approvals, who may give them, who never
 * may, and how soon the gate reminds and expires. A policy applies to the release gates of
 * the models its pattern matches in its environment (both when none is set), and any gate
 * may name it (`requestApproval({ policy: 'finance-sign-off', ... })`). A request may ask
 * for more than its policy, never for less.
 */
export interface ApprovalPolicy {
  id: string;
  /** Unique; what a request names (`policy: 'finance-sign-off'`). */
  name: string;
  /** Starts at 1 and grows with every change; a gate records the version it applied. */
  version: number;
  /** An exact model name or a glob (`fraud-*`, `churn-v?`); null: the policy applies only where a request names it. */
  modelPattern: string | null;
  /** The environment whose release gates it governs; null: both (only with a modelPattern). */
  environment: DeployEnvironment | null;
  minApprovals: number;
  /** Roles whose holders may approve. With `approvers`: either qualifies. Both empty: anyone with an approver role. */
  approverRoles: Role[];
  /** Named people who may approve, whatever their approver role. */
  approvers: string[];
  /** People who may never approve a gate under this policy. */
  excludedApprovers: string[];
  remindAfterMs: number;
  expiresAfterMs: number;
}

/** The roles a policy can let approve: those that may decide gates at all. */
export const POLICY_APPROVER_ROLES = APPROVER_ROLES;

/** Like a subject kind: lower-case, so a name reads the same in a workflow, the audit log and Slack. */
export const POLICY_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/** A model name's alphabet (api/common/names.ts) plus the glob characters `*` and `?`. */
export const MODEL_PATTERN = /^[A-Za-z0-9*?][A-Za-z0-9._*?-]{0,99}$/;

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** `*` matches any run of characters (none included), `?` exactly one; everything else itself. */
export function modelPatternMatches(pattern: string, modelName: string): boolean {
  const source = pattern.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(modelName);
}

/**
 * The policy governing a model's release gates in an environment: of the policies whose
 * pattern matches, the most specific. An exact model name beats a glob; then a policy for
 * this environment beats one for both; then the glob with more literal characters (so
 * `fraud-eu-*` beats `fraud-*`); a tie goes to the name that sorts first.
 */
export function applicablePolicy<P extends Pick<ApprovalPolicy, 'name' | 'modelPattern' | 'environment'>>(
  policies: P[],
  modelName: string,
  environment: DeployEnvironment,
): P | null {
  const matching = policies.filter(
    (policy) => policy.modelPattern !== null && (policy.environment === null || policy.environment === environment) && modelPatternMatches(policy.modelPattern, modelName),
  );
  const rank = (policy: P) => [isGlob(policy.modelPattern!) ? 0 : 1, policy.environment ? 1 : 0, policy.modelPattern!.replace(/[*?]/g, '').length];
  matching.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i += 1) if (ra[i] !== rb[i]) return rb[i] - ra[i];
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return matching[0] ?? null;
}

/** Whether the policy restricts who approves at all (roles or people named). */
export function restrictsApprovers(policy: Pick<ApprovalPolicy, 'approverRoles' | 'approvers'>): boolean {
  return policy.approverRoles.length > 0 || policy.approvers.length > 0;
}

/** Who a policy lets approve, for messages: "the admin role or alice, bob". */
export function describeApprovers(roles: readonly string[], people: readonly string[]): string {
  const parts = [
    ...(roles.length > 0 ? [`the ${roles.join(' or ')} role${roles.length > 1 ? 's' : ''}`] : []),
    ...(people.length > 0 ? [people.join(', ')] : []),
  ];
  return parts.length > 0 ? parts.join(' or ') : 'anyone with an approver role';
}

/** "finance-sign-off (v3)": how messages and the audit log name the version of a policy applied. */
export function policyLabel(policy: Pick<ApprovalPolicy, 'name' | 'version'>): string {
  return `${policy.name} (v${policy.version})`;
}

export interface SpecProblem {
  /** The request field at fault, as `gateSpec` names fields (`request.approvers`). */
  field: string;
  reason: string;
}

/**
 * The gate a request gets under its policy: at least the policy's approvals, reminded and
 * expired no later than it says, never decided by the people it (or `alsoExcluded`)
 * excludes, and by nobody else than it allows. Tightening only: whatever the request asks
 * beyond the policy stays. A problem when the tightened gate could never be approved
 * (the people the request names, less those excluded, cannot make the quorum).
 */
export function tightenGateSpec(spec: GateSpec, policy: ApprovalPolicy | null, alsoExcluded: string[] = []): { spec: GateSpec } | { problem: SpecProblem } {
  const excluded = [...new Set([...(policy?.excludedApprovers ?? []), ...alsoExcluded])];
  const requiredApprovals = Math.max(spec.requiredApprovals, policy?.minApprovals ?? 1);
  const peopleOnly = policy !== null && policy.approverRoles.length === 0 && policy.approvers.length > 0;
  const allowedByPolicy = (name: string) => !peopleOnly || policy!.approvers.includes(name);
  const approvers = spec.approvers.filter((name) => !excluded.includes(name) && allowedByPolicy(name));
  const label = policy ? `approval policy ${policyLabel(policy)}` : 'separation of duties';
  if (spec.approvers.length > 0 && approvers.length < requiredApprovals) {
    const dropped = spec.approvers.filter((name) => !approvers.includes(name));
    return {
      problem: {
        field: 'request.approvers',
        reason: `${requiredApprovals} approval${requiredApprovals > 1 ? 's are' : ' is'} needed, but only ${approvers.length} of the approvers named may approve under ${label}${dropped.length > 0 ? ` (not ${dropped.join(', ')})` : ''}`,
      },
    };
  }
  if (spec.approvers.length === 0 && peopleOnly) {
    const eligible = policy!.approvers.filter((name) => !excluded.includes(name) && name !== spec.requestedBy);
    if (eligible.length < requiredApprovals) {
      return {
        problem: {
          field: 'request.policy',
          reason: `${label} lets only ${eligible.length} people approve a request of ${spec.requestedBy} (${eligible.join(', ') || 'nobody'}), fewer than the ${requiredApprovals} approvals needed`,
        },
      };
    }
  }
  return {
    spec: {
      ...spec,
      policy: policy?.name ?? spec.policy,
      policyId: policy?.id ?? null,
      policyVersion: policy?.version ?? null,
      requiredApprovals,
      approvers,
      approverRoles: policy ? [...policy.approverRoles] : [],
      policyApprovers: policy ? [...policy.approvers] : [],
      excludedApprovers: excluded,
      remindAfterMs: Math.min(spec.remindAfterMs, policy?.remindAfterMs ?? Infinity),
      expiresAfterMs: Math.min(spec.expiresAfterMs, policy?.expiresAfterMs ?? Infinity),
    },
  };
}
