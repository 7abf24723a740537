import type { ApprovalSubject, DeployEnvironment, EvidenceLink, GateDecision, GateStatus } from './approval';
import { parseDuration } from './duration';
import type { Role } from './roles';

/**
 * What a workflow asks for when it calls `requestApproval` (or starts `approvalGateWorkflow`
 * as a child by name from any SDK). Plain JSON, so a Python or Go workflow can send it too.
 */
export interface ApprovalRequest {
  subject: ApprovalSubject;
  /** Who asks; they may not decide their own request (separation of duties). */
  requestedBy: string;
  /**
   * The name of the approval policy the request follows (an admin creates it with
   * `createApprovalPolicy`). The gate gets at least the policy's approvals, its reminder and
   * expiry at the latest, and only the approvers it allows; an unknown name fails the gate
   * (InvalidInput naming request.policy).
   */
  policy?: string | null;
  evidenceLinks?: EvidenceLink[];
  /** Distinct approvals needed (default 1, at most 10). */
  requiredApprovals?: number;
  /** Names allowed to decide; empty or absent means anyone with the approver or admin role. */
  approvers?: string[];
  /** "4h", "30m" or milliseconds: when approvers are reminded (default: half the lifetime, at most 4h). */
  remindAfter?: string | number;
  /** "3d", "2h" or milliseconds: when the request expires (default 3d, at most 90d). */
  expiresAfter?: string | number;
  /** Set only by Provenant's pipeline: the model release this gate guards. */
  release?: ModelRelease | null;
}

export interface ModelRelease {
  pipelineWorkflowId: string;
  modelVersionId: string;
  environment: DeployEnvironment;
}

/** The request with every default applied and every field checked. */
export interface GateSpec {
  subject: ApprovalSubject;
  requestedBy: string;
  policy: string | null;
  evidenceLinks: EvidenceLink[];
  requiredApprovals: number;
  approvers: string[];
  remindAfterMs: number;
  expiresAfterMs: number;
  release: ModelRelease | null;
  /**
   * Set by the gate's approval policy when the gate opens (absent from the spec a
   * workflow builds): which policy and version applied, the roles and people it lets
   * approve (either qualifies; both empty: anyone with an approver role) and the people
   * who may never approve.
   */
  policyId?: string | null;
  policyVersion?: number | null;
  approverRoles?: Role[];
  policyApprovers?: string[];
  excludedApprovers?: string[];
}

/** How a gate ended, as `requestApproval` resolves. */
export interface ApprovalOutcome {
  gateId: string;
  status: Exclude<GateStatus, 'PENDING'>;
  decisions: GateDecision[];
  /** When the gate would have expired (ISO 8601). */
  deadline: string;
}

export class ApprovalRequestError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ApprovalRequestError';
  }
}

const MAX_LIFETIME_MS = 90 * 86_400_000;
const DEFAULT_LIFETIME_MS = 3 * 86_400_000;
const MAX_REMINDER_MS = 4 * 3_600_000;

/** Checks a request and applies its defaults; throws ApprovalRequestError naming the field at fault. */
export function gateSpec(request: ApprovalRequest): GateSpec {
  const subject = request?.subject;
  if (!subject || typeof subject !== 'object') throw new ApprovalRequestError('request.subject', 'is required: { kind, id, title, url? }');
  for (const field of ['kind', 'id', 'title'] as const) {
    if (typeof subject[field] !== 'string' || !subject[field].trim()) throw new ApprovalRequestError(`request.subject.${field}`, 'must be a non-empty string');
  }
  if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(subject.kind)) throw new ApprovalRequestError('request.subject.kind', 'must be lower-case letters, digits, "_", "." or "-" (e.g. "report")');
  if (subject.url != null) httpUrl(subject.url, 'request.subject.url');
  if (typeof request.requestedBy !== 'string' || !request.requestedBy.trim()) throw new ApprovalRequestError('request.requestedBy', 'must name who asks');
  const evidenceLinks = request.evidenceLinks ?? [];
  if (!Array.isArray(evidenceLinks)) throw new ApprovalRequestError('request.evidenceLinks', 'must be a list of { label, url }');
  evidenceLinks.forEach((link, index) => {
    if (typeof link?.label !== 'string' || !link.label.trim()) throw new ApprovalRequestError(`request.evidenceLinks[${index}].label`, 'must be a non-empty string');
    httpUrl(link.url, `request.evidenceLinks[${index}].url`);
  });
  const requiredApprovals = request.requiredApprovals ?? 1;
  if (!Number.isInteger(requiredApprovals) || requiredApprovals < 1 || requiredApprovals > 10) {
    throw new ApprovalRequestError('request.requiredApprovals', 'must be an integer from 1 to 10');
  }
  const approvers = [...new Set(request.approvers ?? [])];
  if (approvers.some((name) => typeof name !== 'string' || !name.trim())) throw new ApprovalRequestError('request.approvers', 'must be a list of names');
  if (approvers.includes(request.requestedBy)) throw new ApprovalRequestError('request.approvers', `${request.requestedBy} asks for this approval and cannot approve it (separation of duties)`);
  if (approvers.length > 0 && approvers.length < requiredApprovals) {
    throw new ApprovalRequestError('request.requiredApprovals', `needs ${requiredApprovals} approvals but names only ${approvers.length} approvers`);
  }
  const expiresAfterMs = durationMs(request.expiresAfter, 'request.expiresAfter') ?? DEFAULT_LIFETIME_MS;
  if (expiresAfterMs > MAX_LIFETIME_MS) throw new ApprovalRequestError('request.expiresAfter', 'must be at most 90d');
  const remindAfterMs = durationMs(request.remindAfter, 'request.remindAfter') ?? Math.min(MAX_REMINDER_MS, Math.floor(expiresAfterMs / 2));
  if (remindAfterMs >= expiresAfterMs) throw new ApprovalRequestError('request.remindAfter', 'must be shorter than expiresAfter');
  const policy = request.policy?.trim() || null;
  return {
    subject: { kind: subject.kind, id: subject.id, title: subject.title, url: subject.url ?? null },
    requestedBy: request.requestedBy,
    policy,
    evidenceLinks: evidenceLinks.map(({ label, url }) => ({ label, url })),
    requiredApprovals,
    approvers,
    remindAfterMs,
    expiresAfterMs,
    release: request.release ?? null,
  };
}

function durationMs(value: string | number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? (Number.isSafeInteger(value) && value > 0 ? value : null) : parseDuration(value);
  if (ms === null) throw new ApprovalRequestError(field, `must be a duration such as "30m", "4h" or "3d", or milliseconds (got ${JSON.stringify(value)})`);
  return ms;
}

function httpUrl(value: unknown, field: string): void {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) throw new ApprovalRequestError(field, 'must be an http(s) URL');
}
