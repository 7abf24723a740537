import { In } from 'typeorm';
import type { DeployEnvironment, GateDecision, GateEvidence, GateState, GateStatus } from '../domain/approval';
import type { GateSpec } from '../domain/approval-request';
import type { Db } from './db';
import { newestFirstPage, type NewestFirstPage, type PagePosition } from './newest-first-page';
import { ApprovalDecisionEntity, ApprovalGateEntity, PipelineRunEntity } from './entities';

export type { ApprovalDecisionEntity, ApprovalGateEntity } from './entities';

/** A stored gate and its decisions, in the shape the workflow holds and the API returns. */
export function gateState(gate: ApprovalGateEntity, decisions: ApprovalDecisionEntity[]): GateState {
  return {
    gateId: gate.id,
    workflowId: gate.workflowId,
    subject: { kind: gate.subjectKind, id: gate.subjectId, title: gate.subjectTitle, url: gate.subjectUrl },
    environment: gate.environment,
    policy: gate.policy,
    evidenceLinks: gate.evidenceLinks,
    status: gate.status,
    requiredApprovals: gate.requiredApprovals,
    approvers: gate.eligibleApprovers,
    requestedBy: gate.requestedBy,
    deadline: gate.deadline!.toISOString(),
    decisions: decisions.map((d) => ({
      actor: d.actor,
      decision: d.decision,
      comment: d.comment,
      channel: d.channel,
      decidedAt: d.decidedAt.toISOString(),
      attestation: d.attestation,
    })),
    policyId: gate.policyId,
    policyVersion: gate.policyVersion,
    approverRoles: gate.approverRoles,
    policyApprovers: gate.policyApprovers,
    excludedApprovers: gate.excludedApprovers,
    remindAfterMs: gate.remindAfterMs,
    expiresAfterMs: gate.expiresAfterMs,
  };
}

export interface NewGate {
  workflowId: string;
  spec: GateSpec;
  /** For a model release: the run that asks and the evidence its approvers see. */
  pipelineRunId: string | null;
  evidence: GateEvidence | null;
  deadline: Date;
}

/** Writes a new PENDING gate; the caller audits it in the same transaction. */
export function createGate(db: Db, gate: NewGate): Promise<ApprovalGateEntity> {
  const gates = db.getRepository(ApprovalGateEntity);
  const { spec } = gate;
  return gates.save(
    gates.create({
      workflowId: gate.workflowId,
      subjectKind: spec.subject.kind,
      subjectId: spec.subject.id,
      subjectTitle: spec.subject.title,
      subjectUrl: spec.subject.url ?? null,
      policy: spec.policy,
      evidenceLinks: spec.evidenceLinks,
      pipelineRunId: gate.pipelineRunId,
      modelVersionId: spec.release?.modelVersionId ?? null,
      environment: spec.release?.environment ?? null,
      requestedBy: spec.requestedBy,
      status: 'PENDING',
      requiredApprovals: spec.requiredApprovals,
      eligibleApprovers: spec.approvers,
      evidence: gate.evidence,
      deadline: gate.deadline,
      policyId: spec.policyId ?? null,
      policyVersion: spec.policyVersion ?? null,
      approverRoles: spec.approverRoles ?? [],
      policyApprovers: spec.policyApprovers ?? [],
      excludedApprovers: spec.excludedApprovers ?? [],
      remindAfterMs: spec.remindAfterMs,
      expiresAfterMs: spec.expiresAfterMs,
    }),
  );
}

export function findGate(db: Db, id: string): Promise<ApprovalGateEntity | null> {
  return db.getRepository(ApprovalGateEntity).findOneBy({ id });
}

/** The gate a workflow holds: one per gate workflow (and one per pipeline run for runs that held it themselves). */
export function findGateOfWorkflow(db: Db, workflowId: string): Promise<ApprovalGateEntity | null> {
  return db.getRepository(ApprovalGateEntity).findOneBy({ workflowId });
}

/** A pipeline run's release gate for one environment (runs that held the gate themselves). */
export function findReleaseGate(db: Db, pipelineRunId: string, environment: DeployEnvironment): Promise<ApprovalGateEntity | null> {
  return db.getRepository(ApprovalGateEntity).findOneBy({ pipelineRunId, environment });
}

export function findGates(db: Db, ids: string[]): Promise<ApprovalGateEntity[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.getRepository(ApprovalGateEntity).findBy({ id: In(ids) });
}

/** The release gates a model version went through, oldest first. */
export function releaseGatesOfVersion(db: Db, modelVersionId: string): Promise<ApprovalGateEntity[]> {
  return db.getRepository(ApprovalGateEntity).find({ where: { modelVersionId }, order: { createdAt: 'ASC' } });
}

/** The release gates a model version had in one environment, oldest first: what the release guard reads. */
export function releaseGatesOfVersionIn(db: Db, modelVersionId: string, environment: DeployEnvironment): Promise<ApprovalGateEntity[]> {
  return db.getRepository(ApprovalGateEntity).find({ where: { modelVersionId, environment }, order: { createdAt: 'ASC' } });
}

/** The newest APPROVED release gate of the version in the environment, or null: the release guard's question. */
export function approvedReleaseGate(db: Db, modelVersionId: string, environment: DeployEnvironment): Promise<ApprovalGateEntity | null> {
  return db.getRepository(ApprovalGateEntity).findOne({ where: { modelVersionId, environment, status: 'APPROVED' }, order: { createdAt: 'DESC' } });
}

export function findGateOfRun(db: Db, pipelineRunId: string): Promise<ApprovalGateEntity | null> {
  return db.getRepository(ApprovalGateEntity).findOneBy({ pipelineRunId });
}

/** A page of gates, newest first, optionally in one status. */
export function listGates(db: Db, status: GateStatus | null, first: number, after: PagePosition | null): Promise<NewestFirstPage<ApprovalGateEntity>> {
  const query = db.getRepository(ApprovalGateEntity).createQueryBuilder('g');
  if (status) query.where('g.status = :status', { status });
  return newestFirstPage(query, first, after);
}

export function pendingGates(db: Db): Promise<ApprovalGateEntity[]> {
  return db.getRepository(ApprovalGateEntity).find({ where: { status: 'PENDING' }, order: { createdAt: 'ASC' } });
}

/** Decisions of the given gates, oldest first. */
export function decisionsOf(db: Db, gateIds: string[]): Promise<ApprovalDecisionEntity[]> {
  if (gateIds.length === 0) return Promise.resolve([]);
  return db.getRepository(ApprovalDecisionEntity).find({ where: { gateId: In(gateIds) }, order: { decidedAt: 'ASC' } });
}

/** Stores a decision once per person; false when this person's decision was already stored (a retried activity). */
export async function recordDecision(db: Db, gateId: string, decision: GateDecision): Promise<boolean> {
  const inserted = await db
    .createQueryBuilder()
    .insert()
    .into(ApprovalDecisionEntity)
    .values({
      gateId,
      actor: decision.actor,
      decision: decision.decision,
      comment: decision.comment,
      channel: decision.channel,
      decidedAt: new Date(decision.decidedAt),
      attestation: decision.attestation ?? null,
    })
    .orIgnore()
    .execute();
  return Boolean(inserted.identifiers[0]);
}

export async function markReminded(db: Db, gateId: string): Promise<void> {
  await db.getRepository(ApprovalGateEntity).update(gateId, { remindedAt: new Date() });
}

export async function closeGate(db: Db, gateId: string, status: GateStatus): Promise<void> {
  await db.getRepository(ApprovalGateEntity).update(gateId, { status, closedAt: new Date() });
}

/** Where the gate's Slack message lives, so later notifications update it in place. */
export async function recordSlackMessage(db: Db, gateId: string, message: { channel: string; ts: string }): Promise<void> {
  await db.getRepository(ApprovalGateEntity).update(gateId, { slackChannel: message.channel, slackMessageTs: message.ts });
}

/** The workflow ids of the pipeline runs that asked for these release gates, by run id. */
export async function releaseRunWorkflowIds(db: Db, gates: ApprovalGateEntity[]): Promise<Map<string, string>> {
  const runIds = [...new Set(gates.flatMap((gate) => (gate.pipelineRunId ? [gate.pipelineRunId] : [])))];
  if (runIds.length === 0) return new Map();
  const runs = await db.getRepository(PipelineRunEntity).find({ select: { id: true, workflowId: true }, where: { id: In(runIds) } });
  return new Map(runs.map((run) => [run.id, run.workflowId]));
}

/** What Provenant's records say about serving a version in an environment. */
export interface ServingClearance {
  /** An approval gate for this version and environment was approved. */
  approved: boolean;
  /** An approval gate for this version and environment was rejected. */
  rejected: boolean;
  /** The pipeline run that produced the version failed its quality checks. */
  qualityChecksFailed: boolean;
}

export async function servingClearance(db: Db, modelVersionId: string, environment: DeployEnvironment): Promise<ServingClearance> {
  const [row]: ServingClearance[] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM approval_gate WHERE model_version_id = $1 AND environment = $2 AND status = 'APPROVED') AS approved,
            EXISTS (SELECT 1 FROM approval_gate WHERE model_version_id = $1 AND environment = $2 AND status = 'REJECTED') AS rejected,
            EXISTS (SELECT 1 FROM pipeline_run WHERE model_version_id = $1 AND status = 'QUALITY_CHECKS_FAILED') AS "qualityChecksFailed"`,
    [modelVersionId, environment],
  );
  return row;
}
