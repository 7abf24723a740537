import type { EntityManager } from 'typeorm';
import type { DeployEnvironment } from '../domain/approval';
import { applicablePolicy, type ApprovalPolicy } from '../domain/approval-policy';
import type { Db } from './db';
import { ApprovalPolicyEntity } from './entities';

/** A stored approval policy: the policy, who made and last changed it, and when. */
export type ApprovalPolicyRow = ApprovalPolicyEntity;

/** What an admin sets; the store keeps the id, version and authorship. */
export type ApprovalPolicyDefinition = Omit<ApprovalPolicy, 'id' | 'version'>;

/** The policy as the domain reads it (without authorship). */
export function approvalPolicyOf(row: ApprovalPolicyRow): ApprovalPolicy {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    modelPattern: row.modelPattern,
    environment: row.environment,
    minApprovals: row.minApprovals,
    approverRoles: row.approverRoles,
    approvers: row.approvers,
    excludedApprovers: row.excludedApprovers,
    remindAfterMs: row.remindAfterMs,
    expiresAfterMs: row.expiresAfterMs,
  };
}

/** Every policy, by name: there are few, and resolving one reads them all. */
export function listApprovalPolicies(db: Db): Promise<ApprovalPolicyRow[]> {
  return db.getRepository(ApprovalPolicyEntity).find({ order: { name: 'ASC' } });
}

export function findApprovalPolicy(db: Db, id: string): Promise<ApprovalPolicyRow | null> {
  return db.getRepository(ApprovalPolicyEntity).findOneBy({ id });
}

export function findApprovalPolicyByName(db: Db, name: string): Promise<ApprovalPolicyRow | null> {
  return db.getRepository(ApprovalPolicyEntity).findOneBy({ name });
}

/** The policy another one with this scope (pattern and environment) already has, other than `exceptId`. */
export async function findPolicyWithScope(db: Db, modelPattern: string, environment: DeployEnvironment | null, exceptId: string | null): Promise<ApprovalPolicyRow | null> {
  const rows = await db.getRepository(ApprovalPolicyEntity).findBy({ modelPattern });
  return rows.find((row) => row.environment === environment && row.id !== exceptId) ?? null;
}

/** The policy that governs a model's release gates in an environment (see applicablePolicy), or null. */
export async function policyForRelease(db: Db, modelName: string, environment: DeployEnvironment): Promise<ApprovalPolicy | null> {
  const rows = await listApprovalPolicies(db);
  const row = applicablePolicy(rows, modelName, environment);
  return row && approvalPolicyOf(row);
}

/** Locks the policy until the transaction ends, so two changes of it apply one after the other. */
export function lockApprovalPolicy(tx: EntityManager, id: string): Promise<ApprovalPolicyRow | null> {
  return tx.getRepository(ApprovalPolicyEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

export function createApprovalPolicy(tx: EntityManager, definition: ApprovalPolicyDefinition, actor: string): Promise<ApprovalPolicyRow> {
  const policies = tx.getRepository(ApprovalPolicyEntity);
  return policies.save(policies.create({ ...definition, version: 1, createdBy: actor, updatedBy: actor }));
}

/** Replaces the policy's rules and counts a new version; the caller holds its lock. */
export async function updateApprovalPolicy(tx: EntityManager, current: ApprovalPolicyRow, definition: ApprovalPolicyDefinition, actor: string): Promise<ApprovalPolicyRow> {
  const policies = tx.getRepository(ApprovalPolicyEntity);
  await policies.save(policies.create({ ...current, ...definition, version: current.version + 1, updatedBy: actor }));
  return policies.findOneByOrFail({ id: current.id });
}

export async function deleteApprovalPolicy(tx: EntityManager, id: string): Promise<void> {
  await tx.getRepository(ApprovalPolicyEntity).delete({ id });
}
