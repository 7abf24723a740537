import type { CanaryPolicy } from './deployment';
import type { Role } from './roles';

export const DEPLOY_ENVIRONMENTS = ['STAGING', 'PRODUCTION'] as const;
export type DeployEnvironment = (typeof DEPLOY_ENVIRONMENTS)[number];

export const GATE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

export const DECISIONS = ['APPROVE', 'REJECT'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_CHANNELS = ['graphql', 'slack'] as const;
export type DecisionChannel = (typeof DECISION_CHANNELS)[number];

/** Roles that may decide a gate at all; a gate may narrow this to named people. */
export const APPROVER_ROLES: Role[] = ['approver', 'admin'];

/**
 * What a gate is about. A model release is `{ kind: 'model_version', id: <version id> }`;
 * a gate requested from a user's own workflow names its own kind (`report`, `dataset`, ...).
 */
export interface ApprovalSubject {
  kind: string;
  id: string;
  title: string;
  url?: string | null;
}

/** The kind of subject a model release gate has. */
export const MODEL_VERSION_SUBJECT = 'model_version';

/** A link an approver follows to judge the request. */
export interface EvidenceLink {
  label: string;
  url: string;
}

/** What a pipeline asks for when it should end in a deployment. */
export interface DeployRequest {
  environment: DeployEnvironment;
  requiredApprovals: number;
  /** Names (as in PROVENANT_API_TOKENS) allowed to decide; empty = anyone with an approver role. */
  approvers: string[];
  /** Milliseconds until approvers are reminded and the escalation channel is told. */
  remindAfterMs: number;
  /** Milliseconds until the gate expires and the run ends EXPIRED. */
  expiresAfterMs: number;
  /** How the approved version reaches traffic. */
  canary: CanaryPolicy;
}

export interface GateDecision {
  actor: string;
  decision: Decision;
  comment: string | null;
  channel: DecisionChannel;
  decidedAt: string;
  /** The API's signature, kept with the decision so anyone can check it later (absent on decisions made before attestation). */
  attestation?: { role: Role; issuedAt: string; signature: string } | null;
}

/** A decision as the API authenticated it, before it is attested. */
export interface DecisionRequest {
  actor: string;
  role: Role;
  decision: Decision;
  comment: string | null;
  channel: DecisionChannel;
}

/**
 * A decision as submitted to the gate's workflow: the API (or its Slack handler) signed
 * it for one gate at one time, so nobody who can merely reach Temporal can decide.
 */
export interface AttestedDecision extends DecisionRequest {
  gateId: string;
  /** When the API signed it (ISO 8601); stale attestations are refused. */
  issuedAt: string;
  /** Ed25519 signature (hex) over `decisionMessage` by the API's decision signing key. */
  signature: string;
}

/** The evidence an approver sees: everything the pipeline learned about the candidate. */
export interface GateEvidence {
  modelName: string;
  modelVersionId: string;
  version: number;
  metrics: Record<string, number>;
  championVersion: number | null;
  championMetrics: Record<string, number> | null;
  qualityChecks: { check: string; passed: boolean; message: string }[];
  validationStatus: string | null;
  fairness: Record<string, number> | null;
  topFeatures: { feature: string; mean: number }[];
  lineageUrl: string | null;
}

/** The gate as the workflow holds it; updates return it after each accepted decision. */
export interface GateState {
  gateId: string;
  /** The workflow that holds the gate: the gate's own, or (for runs started before gates were child workflows) the pipeline's. */
  workflowId: string;
  subject: ApprovalSubject;
  /** The deployment environment of a model release; null for other subjects. */
  environment: DeployEnvironment | null;
  policy: string | null;
  evidenceLinks: EvidenceLink[];
  status: GateStatus;
  requiredApprovals: number;
  approvers: string[];
  requestedBy: string;
  deadline: string;
  decisions: GateDecision[];
  /**
   * What the gate's approval policy made of the request (absent on gates opened before
   * policies): the policy's id and version, the roles and people it lets decide (either
   * qualifies; both empty: anyone with an approver role), the people who may never decide,
   * and the reminder and expiry the gate runs by.
   */
  policyId?: string | null;
  policyVersion?: number | null;
  approverRoles?: Role[];
  policyApprovers?: string[];
  excludedApprovers?: string[];
  remindAfterMs?: number | null;
  expiresAfterMs?: number | null;
}

export interface DecisionRefusal {
  code: 'CONFLICT' | 'FORBIDDEN' | 'BAD_USER_INPUT';
  message: string;
}

/**
 * Why `request` may not decide `gate`, or null if it may. Pure, so the workflow's update
 * validator and the API give the same answer from the same rules.
 */
export function decisionRefusal(gate: GateState, request: DecisionRequest): DecisionRefusal | null {
  const refuse = (code: DecisionRefusal['code'], message: string) => ({ code, message });
  const alreadyDecided = gate.decisions.some((decision) => decision.actor === request.actor);
  if (gate.status !== 'PENDING') {
    // A client retrying a decision whose answer it lost learns that its own decision is in.
    const yours = alreadyDecided ? `${request.actor} has already decided this gate; ` : '';
    return refuse('CONFLICT', `${yours}gate is ${gate.status}; decisions are closed`);
  }
  if (!APPROVER_ROLES.includes(request.role)) return refuse('FORBIDDEN', `role ${request.role} may not decide approval gates`);
  if (gate.approvers.length > 0 && !gate.approvers.includes(request.actor)) {
    return refuse('FORBIDDEN', `${request.actor} is not one of this gate's approvers (${gate.approvers.join(', ')})`);
  }
  if (request.actor === gate.requestedBy) {
    return refuse('FORBIDDEN', `${request.actor} requested this approval and cannot decide it (separation of duties)`);
  }
  const policy = gate.policy ? `approval policy ${gate.policy}${gate.policyVersion ? ` (v${gate.policyVersion})` : ''}` : null;
  if ((gate.excludedApprovers ?? []).includes(request.actor)) {
    return refuse('FORBIDDEN', `${request.actor} is excluded from deciding this gate (${policy ? `${policy}; ` : ''}separation of duties)`);
  }
  const roles = gate.approverRoles ?? [];
  const people = gate.policyApprovers ?? [];
  if ((roles.length > 0 || people.length > 0) && !roles.includes(request.role) && !people.includes(request.actor)) {
    const allowed = [...(roles.length > 0 ? [`the ${roles.join(' or ')} role`] : []), ...(people.length > 0 ? [people.join(', ')] : [])].join(' or ');
    return refuse('FORBIDDEN', `${policy ?? 'this gate\'s approval policy'} lets only ${allowed} decide this gate, not ${request.actor} (${request.role})`);
  }
  if (alreadyDecided) {
    return refuse('CONFLICT', `${request.actor} has already decided this gate`);
  }
  if (request.decision === 'REJECT' && !request.comment?.trim()) return refuse('BAD_USER_INPUT', 'a rejection needs a comment');
  return null;
}

/** Any rejection rejects; a quorum of distinct approvals approves. */
export function gateOutcome(gate: Pick<GateState, 'requiredApprovals' | 'decisions'>): GateStatus {
  if (gate.decisions.some((decision) => decision.decision === 'REJECT')) return 'REJECTED';
  const approvals = new Set(gate.decisions.filter((decision) => decision.decision === 'APPROVE').map((decision) => decision.actor));
  return approvals.size >= gate.requiredApprovals ? 'APPROVED' : 'PENDING';
}
