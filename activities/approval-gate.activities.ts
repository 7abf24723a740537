import { ApplicationFailure } from '@temporalio/activity';
import { appendAuditEvent } from '../db/audit-log';
import { closeGate, createGate, decisionsOf, findGateOfWorkflow, findReleaseGate, gateState, markReminded, recordDecision } from '../db/approval-gates';
import type { EntityManager } from 'typeorm';
import { inTransaction, mustExist } from '../db/db';
import { recordLineageEdge, recordLineageNode } from '../db/lineage-store';
import { findPipelineRun, updatePipelineRun, type PipelineRunEntity } from '../db/pipeline-runs';
import { findEvaluationReport, findModelVersion } from '../db/registry';
import { findValidationReport } from '../db/validation-reports';
import { MODEL_VERSION_SUBJECT, type DeployRequest, type GateDecision, type GateEvidence, type GateState, type GateStatus } from '../domain/approval';
import { gateSpec, type ApprovalOutcome, type GateSpec } from '../domain/approval-request';
import { tightenGateSpec, type ApprovalPolicy } from '../domain/approval-policy';
import { attestationRefusal } from '../domain/decision-attestation';
import { DRIFT_MONITOR_ACTOR } from '../domain/drift';
import { approvalPolicyOf, findApprovalPolicyByName, policyForRelease } from '../db/approval-policies';
import { findRetrainingPolicy, retrainingPolicyAuthorOfRun } from '../db/retraining-policies';
import { PIPELINE_ACTOR, type ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';

/** A gate workflow opening its gate (`approvalGateWorkflow`). */
export interface OpenGateInput {
  workflowId: string;
  spec: GateSpec;
}

/** A pipeline run that holds its gate itself (runs started before gates were child workflows). */
export interface OpenPipelineGateInput {
  workflowId: string;
  modelVersionId: string;
  deploy: DeployRequest;
}

export function createApprovalGateActivities({ dataSource, config }: ActivityDependencies) {
  return {
    /**
     * Opens the gate with what an approver needs (for a model release: the evaluation,
     * champion, validation and fairness evidence) and audits it. Keyed by the workflow
     * that holds it, so a retry returns the same gate.
     */
    async openApprovalGate(input: OpenGateInput | OpenPipelineGateInput): Promise<GateState> {
      return inTransaction(dataSource, async (tx) => {
        const requested = 'spec' in input ? input.spec : await pipelineGateSpec(tx, input);
        const run = requested.release ? await pipelineRunOf(tx, requested.release.pipelineWorkflowId) : null;
        // A release gate is one per run and environment, whichever workflow holds it.
        const existing = (await findGateOfWorkflow(tx, input.workflowId)) ?? (run ? await findReleaseGate(tx, run.id, requested.release!.environment) : null);
        const gate = existing ?? (await openGate(tx, input.workflowId, await governedSpec(tx, requested, run), run, config.publicUrl));
        if (run) await updatePipelineRun(tx, { id: run.id }, { status: 'AWAITING_APPROVAL' });
        return gateState(gate, await decisionsOf(tx, [gate.id]));
      });
    },

    /**
     * One accepted decision, with the actor, channel, comment and the API's attestation;
     * once per person, whatever the retries. The attestation is checked again here, with
     * the worker's own keys, so a decision that reached the workflow some other way is
     * never recorded. `closesAs`: the decision settles the gate, which is closed (and
     * audited) in the same transaction, so the gate's workflow needs no second write
     * before it reports the outcome.
     */
    async recordGateDecision({ gateId, decision, closesAs }: { gateId: string; decision: GateDecision; closesAs?: GateStatus }): Promise<void> {
      const { attestation } = decision;
      const refusal = attestation
        ? attestationRefusal({ ...decision, ...attestation, gateId }, gateId, config.decisionVerifyKeys, Date.parse(decision.decidedAt))
        : { message: 'the decision carries no attestation' };
      if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, 'Forbidden');
      await inTransaction(dataSource, async (tx) => {
        // Recorded already: by a retry of this activity, whose transaction closed the gate too.
        if (!(await recordDecision(tx, gateId, decision))) return;
        await appendAuditEvent(tx, {
          actor: decision.actor,
          action: `approval_gate.${decision.decision === 'APPROVE' ? 'approved_by' : 'rejected_by'}`,
          subjectType: 'approval_gate',
          subjectId: gateId,
          payload: { decision: decision.decision, channel: decision.channel, comment: decision.comment, decidedAt: decision.decidedAt, attestation },
          idempotencyKey: `${gateId}:decision:${decision.actor}`,
        });
        if (closesAs) await closeGateAudited(tx, gateId, closesAs);
      });
    },

    async markGateReminded({ gateId }: { gateId: string }): Promise<void> {
      await inTransaction(dataSource, async (tx) => {
        await markReminded(tx, gateId);
        await appendAuditEvent(tx, {
          actor: PIPELINE_ACTOR,
          action: 'approval_gate.reminded',
          subjectType: 'approval_gate',
          subjectId: gateId,
          idempotencyKey: `${gateId}:reminded`,
        });
      });
    },

    /**
     * The outcome of the gate held by workflow `gateWorkflowId` as the registry records it,
     * or null while it is PENDING there: what a pipeline run believes when told its gate
     * has settled, since anyone who can reach Temporal can send it that signal.
     */
    async settledGateOutcome({ gateWorkflowId }: { gateWorkflowId: string }): Promise<ApprovalOutcome | null> {
      const gate = await findGateOfWorkflow(dataSource, gateWorkflowId);
      if (!gate || gate.status === 'PENDING') return null;
      const { gateId, status, decisions, deadline } = gateState(gate, await decisionsOf(dataSource, [gate.id]));
      return { gateId, status: status as ApprovalOutcome['status'], decisions, deadline };
    },

    /** The gate's outcome, audited: APPROVED, REJECTED, EXPIRED or CANCELLED. */
    async closeApprovalGate({ gateId, status }: { gateId: string; status: GateStatus }): Promise<void> {
      await inTransaction(dataSource, (tx) => closeGateAudited(tx, gateId, status));
    },
  };
}

async function closeGateAudited(tx: EntityManager, gateId: string, status: GateStatus): Promise<void> {
  await closeGate(tx, gateId, status);
  await appendAuditEvent(tx, {
    actor: PIPELINE_ACTOR,
    action: `approval_gate.${status.toLowerCase()}`,
    subjectType: 'approval_gate',
    subjectId: gateId,
    payload: { status },
    idempotencyKey: `${gateId}:closed`,
  });
}

function pipelineRunOf(tx: EntityManager, workflowId: string): Promise<PipelineRunEntity> {
  return findPipelineRun(tx, { workflowId }).then((run) => mustExist(run, `pipeline run ${workflowId}`));
}

/**
 * The request under its approval policy: the one it names, or for a model release the one
 * governing the model in that environment (db/approval-policies.ts policyForRelease). The
 * policy only tightens; a drift-triggered run's gate also excludes whoever last set the
 * model's retraining policy. An unknown policy, or a gate nobody named could approve,
 * fails at once (InvalidInput naming the request field).
 */
async function governedSpec(tx: EntityManager, spec: GateSpec, run: PipelineRunEntity | null): Promise<GateSpec> {
  if (spec.release && run && run.modelVersionId !== spec.release.modelVersionId) {
    throw invalidInput('request.release.modelVersionId', `pipeline run ${run.workflowId} registered ${run.modelVersionId ?? 'no version'}, not ${spec.release.modelVersionId}`);
  }
  let policy: ApprovalPolicy | null = null;
  if (spec.policy) {
    const named = await findApprovalPolicyByName(tx, spec.policy);
    if (!named) throw invalidInput('request.policy', `there is no approval policy named ${JSON.stringify(spec.policy)} (admins create them with createApprovalPolicy)`);
    policy = approvalPolicyOf(named);
  } else if (spec.release && run) {
    policy = await policyForRelease(tx, run.modelName, spec.release.environment);
  }
  const tightened = tightenGateSpec(spec, policy, run ? await retrainingPolicyAuthors(tx, run) : []);
  if ('problem' in tightened) throw invalidInput(tightened.problem.field, tightened.problem.reason);
  return tightened.spec;
}

/** For a run drift started: whoever last changed the model's retraining policy, then and now. Nobody for other runs. */
async function retrainingPolicyAuthors(tx: EntityManager, run: PipelineRunEntity): Promise<string[]> {
  if (run.requestedBy !== DRIFT_MONITOR_ACTOR) return [];
  const [atTrigger, current] = await Promise.all([retrainingPolicyAuthorOfRun(tx, run.id), findRetrainingPolicy(tx, run.modelName)]);
  return [...new Set([atTrigger, current?.updatedBy].filter((name): name is string => Boolean(name)))];
}

/** Writes the gate with its lineage and audit event; `run` is the pipeline run of a release. */
async function openGate(tx: EntityManager, workflowId: string, spec: GateSpec, run: PipelineRunEntity | null, publicUrl: string) {
  const release = spec.release;
  const gate = await createGate(tx, {
    workflowId,
    spec,
    pipelineRunId: run?.id ?? null,
    evidence: release && run ? await releaseEvidence(tx, run, release.modelVersionId, publicUrl) : null,
    deadline: new Date(Date.now() + spec.expiresAfterMs),
  });
  await recordLineageNode(tx, { id: gate.id, kind: 'approval_gate', label: release ? `${release.environment} approval` : `approval: ${spec.subject.title}` });
  if (release) await recordLineageEdge(tx, release.modelVersionId, gate.id, 'used_by');
  await appendAuditEvent(tx, {
    actor: release ? PIPELINE_ACTOR : spec.requestedBy,
    action: 'approval_gate.opened',
    subjectType: 'approval_gate',
    subjectId: gate.id,
    payload: {
      workflowId,
      subject: spec.subject,
      policy: spec.policy,
      ...(spec.policyId ? { policyId: spec.policyId, policyVersion: spec.policyVersion } : {}),
      requestedBy: spec.requestedBy,
      ...(release ? { pipelineWorkflowId: release.pipelineWorkflowId, modelVersionId: release.modelVersionId, environment: release.environment } : {}),
      requiredApprovals: gate.requiredApprovals,
      approvers: gate.eligibleApprovers,
      approverRoles: gate.approverRoles,
      policyApprovers: gate.policyApprovers,
      excludedApprovers: gate.excludedApprovers,
      remindAfterMs: gate.remindAfterMs,
      expiresAfterMs: gate.expiresAfterMs,
      deadline: gate.deadline!.toISOString(),
      evidence: gate.evidence,
      evidenceLinks: gate.evidenceLinks,
    },
  });
  return gate;
}

/** The spec of a gate a pipeline run holds itself, from its deploy request. */
async function pipelineGateSpec(tx: EntityManager, input: OpenPipelineGateInput): Promise<GateSpec> {
  const run = await pipelineRunOf(tx, input.workflowId);
  const { deploy } = input;
  return gateSpec({
    subject: { kind: MODEL_VERSION_SUBJECT, id: input.modelVersionId, title: `${run.modelName} → ${deploy.environment}` },
    requestedBy: run.requestedBy,
    requiredApprovals: deploy.requiredApprovals,
    approvers: deploy.approvers,
    remindAfter: deploy.remindAfterMs,
    expiresAfter: deploy.expiresAfterMs,
    release: { pipelineWorkflowId: input.workflowId, modelVersionId: input.modelVersionId, environment: deploy.environment },
  });
}

async function releaseEvidence(tx: EntityManager, run: PipelineRunEntity, modelVersionId: string, publicUrl: string): Promise<GateEvidence> {
  const version = mustExist(await findModelVersion(tx, { id: modelVersionId }), `model version ${modelVersionId}`);
  const report = (await findEvaluationReport(tx, modelVersionId))?.report;
  const validation = run.validationReportId ? await findValidationReport(tx, { id: run.validationReportId }) : null;
  return {
    modelName: run.modelName,
    modelVersionId,
    version: version.version,
    metrics: version.metrics,
    championVersion: report?.champion?.championVersion ?? null,
    championMetrics: report?.champion?.championMetrics ?? null,
    qualityChecks: (report?.qualityChecks ?? []).map(({ check, passed, message }) => ({ check, passed, message })),
    validationStatus: validation?.status ?? null,
    fairness: report?.fairness?.measures ?? null,
    topFeatures: (report?.importance ?? []).slice(0, 5).map(({ feature, mean }) => ({ feature, mean })),
    lineageUrl: `${publicUrl}/graphiql?query=${encodeURIComponent(`{ lineage(id: "${modelVersionId}", direction: UPSTREAM) { nodes { kind label } } }`)}`,
  };
}
