import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  approvalPolicyOf,
  createApprovalPolicy,
  deleteApprovalPolicy,
  findApprovalPolicyByName,
  findPolicyWithScope,
  listApprovalPolicies,
  lockApprovalPolicy,
  updateApprovalPolicy,
  type ApprovalPolicyDefinition,
  type ApprovalPolicyRow,
} from '../../db/approval-policies';
import { appendAuditEvent } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import { APPROVER_ROLES } from '../../domain/approval';
import { MODEL_PATTERN, POLICY_NAME } from '../../domain/approval-policy';
import { formatDuration, parseDuration } from '../../domain/duration';
import { badInput, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import type { ApprovalPolicyInput, ApprovalPolicyType } from './approval-policy.types';

const MAX_LIFETIME_MS = 90 * 86_400_000;
/** A name as PROVENANT_API_TOKENS or a Slack mapping spells it: no separators of those lists, no control characters. */
const PERSON_NAME = /^[^\s,:\p{Cc}][^,:\p{Cc}]{0,99}$/u;

/**
 * Approval policies: every role reads them, admins create, change and delete them, and
 * every change is in the audit log with the policy as it was and as it became.
 */
@Injectable()
export class ApprovalPoliciesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async list(): Promise<ApprovalPolicyType[]> {
    return (await listApprovalPolicies(this.dataSource)).map(policyView);
  }

  async create(principal: Principal, input: ApprovalPolicyInput): Promise<ApprovalPolicyType> {
    const definition = this.checked(input);
    const saved = await inTransaction(this.dataSource, async (tx) => {
      await this.checkUnique(tx, definition, null);
      const policy = await createApprovalPolicy(tx, definition, principal.name);
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'approval_policy.created',
        subjectType: 'approval_policy',
        subjectId: policy.id,
        payload: { policy: auditedPolicy(policy) },
      });
      return policy;
    });
    return policyView(saved);
  }

  async update(principal: Principal, id: string, input: ApprovalPolicyInput): Promise<ApprovalPolicyType> {
    checkId(id);
    const definition = this.checked(input);
    const saved = await inTransaction(this.dataSource, async (tx) => {
      const current = await lockApprovalPolicy(tx, id);
      if (!current) throw notFound('id', `approval policy ${id}`);
      await this.checkUnique(tx, definition, id);
      const policy = await updateApprovalPolicy(tx, current, definition, principal.name);
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'approval_policy.updated',
        subjectType: 'approval_policy',
        subjectId: policy.id,
        payload: { previous: auditedPolicy(current), policy: auditedPolicy(policy) },
      });
      return policy;
    });
    return policyView(saved);
  }

  /** Gates already open keep what the policy made of them; new gates no longer find it. */
  async delete(principal: Principal, id: string): Promise<ApprovalPolicyType> {
    checkId(id);
    const deleted = await inTransaction(this.dataSource, async (tx) => {
      const current = await lockApprovalPolicy(tx, id);
      if (!current) throw notFound('id', `approval policy ${id}`);
      await deleteApprovalPolicy(tx, id);
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'approval_policy.deleted',
        subjectType: 'approval_policy',
        subjectId: id,
        payload: { policy: auditedPolicy(current) },
      });
      return current;
    });
    return policyView(deleted);
  }

  /** The input as a policy, every field checked and named when wrong. */
  private checked(input: ApprovalPolicyInput): ApprovalPolicyDefinition {
    if (!POLICY_NAME.test(input.name)) throw badInput('input.name', 'must be lower-case letters, digits, "_", "." or "-", starting with a letter (at most 64), e.g. "finance-sign-off"');
    const modelPattern = input.modelPattern ?? null;
    if (modelPattern !== null && !MODEL_PATTERN.test(modelPattern)) {
      throw badInput('input.modelPattern', 'must be a model name or a glob of one (letters, digits, ".", "_", "-", with * for any run of characters and ? for one), at most 100 characters');
    }
    const environment = input.environment ?? null;
    if (environment !== null && modelPattern === null) throw badInput('input.environment', 'applies only with a modelPattern: a policy without one is used by name only');
    if (!Number.isInteger(input.minApprovals) || input.minApprovals < 1 || input.minApprovals > 10) throw badInput('input.minApprovals', 'must be an integer from 1 to 10');
    const approverRoles = [...new Set(input.approverRoles ?? [])].filter((role) => APPROVER_ROLES.includes(role));
    const approvers = [...new Set(input.approvers ?? [])];
    approvers.forEach((name, index) => {
      const roles = this.config.apiTokens.filter((token) => token.name === name).map((token) => token.role);
      if (!roles.some((role) => APPROVER_ROLES.includes(role))) throw badInput(`input.approvers[${index}]`, `${JSON.stringify(name)} holds no approver or admin role`);
    });
    const excludedApprovers = [...new Set(input.excludedApprovers ?? [])];
    excludedApprovers.forEach((name, index) => {
      const field = `input.excludedApprovers[${index}]`;
      if (!PERSON_NAME.test(name)) throw badInput(field, 'must be a person\'s name as PROVENANT_API_TOKENS spells it (1-100 characters, no "," or ":")');
      if (approvers.includes(name)) throw badInput(field, `${name} is also named in approvers: a person may not be both`);
    });
    if (approverRoles.length === 0 && approvers.length > 0 && approvers.length < input.minApprovals) {
      throw badInput('input.minApprovals', `needs ${input.minApprovals} approvals but only ${approvers.length} people may approve (name more, or add approverRoles)`);
    }
    const remindAfterMs = duration(input.remindAfter, 'input.remindAfter');
    const expiresAfterMs = duration(input.expiresAfter, 'input.expiresAfter');
    if (expiresAfterMs > MAX_LIFETIME_MS) throw badInput('input.expiresAfter', 'must be at most 90d');
    if (remindAfterMs >= expiresAfterMs) throw badInput('input.remindAfter', 'must be shorter than expiresAfter');
    return { name: input.name, modelPattern, environment, minApprovals: input.minApprovals, approverRoles, approvers, excludedApprovers, remindAfterMs, expiresAfterMs };
  }

  /** One policy per name, and one per scope, so which policy governs a release is never ambiguous. */
  private async checkUnique(db: EntityManager, definition: ApprovalPolicyDefinition, exceptId: string | null): Promise<void> {
    const named = await findApprovalPolicyByName(db, definition.name);
    if (named && named.id !== exceptId) throw badInput('input.name', `an approval policy named ${definition.name} already exists`);
    if (definition.modelPattern === null) return;
    const scoped = await findPolicyWithScope(db, definition.modelPattern, definition.environment, exceptId);
    if (scoped) {
      throw badInput('input.modelPattern', `approval policy ${scoped.name} already governs ${definition.modelPattern} in ${definition.environment ?? 'every environment'}: change that one instead`);
    }
  }
}

function checkId(id: string): void {
  if (!isUuid(id)) throw badInput('id', 'is not an approval policy id (expected a UUID)');
}

function duration(text: string, field: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw badInput(field, `must be a duration like 30m, 4h or 3d (got ${JSON.stringify(text.slice(0, 40))})`);
  return ms;
}

/** The policy as the audit log keeps it: every rule, its version and who changed it. */
function auditedPolicy(row: ApprovalPolicyRow): Record<string, unknown> {
  return { ...approvalPolicyOf(row), updatedBy: row.updatedBy };
}

function policyView(row: ApprovalPolicyRow): ApprovalPolicyType {
  return {
    ...row,
    remindAfter: formatDuration(row.remindAfterMs),
    expiresAfter: formatDuration(row.expiresAfterMs),
  };
}
