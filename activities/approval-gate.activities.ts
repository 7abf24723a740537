import { ApprovalDecisionEntity, ApprovalGateEntity } from '../db/entities';
import { appendAuditEvent } from '../db/audit-log';
import { gateState } from '../db/approval-gates';
import { mustExist, type Db } from '../db/db';
import { recordLineageEdge, recordLineageNode } from '../db/lineage-store';
import { findPipelineRun, updatePipelineRun, type PipelineRunEntity } from '../db/pipeline-runs';
import { findEvaluationReport, findModelVersion } from '../db/registry';
import { findValidationReport } from '../db/validation-reports';
import type { DeployRequest, GateDecision, GateEvidence, GateState, GateStatus } from '../domain/approval';
import { PIPELINE_ACTOR, type ActivityDependencies } from './dependencies';

export interface OpenGateInput {
  workflowId: string;
  modelVersionId: string;
  deploy: DeployRequest;
}

export function createApprovalGateActivities({ dataSource, config }: ActivityDependencies) {
  return {
    /**
     * Opens the run's gate with the evidence an approver needs and marks the run
     * AWAITING_APPROVAL. Keyed by run and environment, so a retry returns the same gate.
     */
    async openApprovalGate(input: OpenGateInput): Promise<GateState> {
      return dataSource.transaction(async (manager) => {
        const run = mustExist(await findPipelineRun(manager, { workflowId: input.workflowId }), `pipeline run ${input.workflowId}`);
        const gates = manager.getRepository(ApprovalGateEntity);
        let gate = await gates.findOneBy({ pipelineRunId: run.id, environment: input.deploy.environment });
        if (!gate) {
          gate = await gates.save(
            gates.create({
              pipelineRunId: run.id,
              modelVersionId: input.modelVersionId,
              workflowId: input.workflowId,
              requestedBy: run.requestedBy,
              environment: input.deploy.environment,
              status: 'PENDING',
              requiredApprovals: input.deploy.requiredApprovals,
              eligibleApprovers: input.deploy.approvers,
              evidence: await evidenceFor(manager, run, input.modelVersionId, config.publicUrl),
              deadline: new Date(Date.now() + input.deploy.expiresAfterMs),
            }),
          );
          await recordLineageNode(manager, { id: gate.id, kind: 'approval_gate', label: `${input.deploy.environment} approval` });
          await recordLineageEdge(manager, input.modelVersionId, gate.id, 'used_by');
          await appendAuditEvent(manager, {
            actor: PIPELINE_ACTOR,
            action: 'approval_gate.opened',
            subjectType: 'approval_gate',
            subjectId: gate.id,
            payload: {
              workflowId: input.workflowId,
              modelVersionId: input.modelVersionId,
              environment: gate.environment,
              requiredApprovals: gate.requiredApprovals,
              approvers: gate.eligibleApprovers,
              deadline: gate.deadline!.toISOString(),
              evidence: gate.evidence,
            },
          });
        }
        await updatePipelineRun(manager, { id: run.id }, { status: 'AWAITING_APPROVAL' });
        return gateState(gate, await manager.getRepository(ApprovalDecisionEntity).find({ where: { gateId: gate.id }, order: { decidedAt: 'ASC' } }));
      });
    },

    /** One accepted decision, with the actor, channel and comment; once per person, whatever the retries. */
    async recordGateDecision({ gateId, decision }: { gateId: string; decision: GateDecision }): Promise<void> {
      await dataSource.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(ApprovalDecisionEntity)
          .values({ gateId, actor: decision.actor, decision: decision.decision, comment: decision.comment, channel: decision.channel, decidedAt: new Date(decision.decidedAt) })
          .orIgnore()
          .execute();
        if (inserted.identifiers.length === 0 || !inserted.identifiers[0]) return;
        await appendAuditEvent(manager, {
          actor: decision.actor,
          action: `approval_gate.${decision.decision === 'APPROVE' ? 'approved_by' : 'rejected_by'}`,
          subjectType: 'approval_gate',
          subjectId: gateId,
          payload: { decision: decision.decision, channel: decision.channel, comment: decision.comment, decidedAt: decision.decidedAt },
          idempotencyKey: `${gateId}:decision:${decision.actor}`,
        });
      });
    },

    async markGateReminded({ gateId }: { gateId: string }): Promise<void> {
      await dataSource.transaction(async (manager) => {
        await manager.getRepository(ApprovalGateEntity).update(gateId, { remindedAt: new Date() });
        await appendAuditEvent(manager, {
          actor: PIPELINE_ACTOR,
          action: 'approval_gate.reminded',
          subjectType: 'approval_gate',
          subjectId: gateId,
          idempotencyKey: `${gateId}:reminded`,
        });
      });
    },

    /** The gate's outcome, audited: APPROVED, REJECTED or EXPIRED. */
    async closeApprovalGate({ gateId, status }: { gateId: string; status: GateStatus }): Promise<void> {
      await dataSource.transaction(async (manager) => {
        await manager.getRepository(ApprovalGateEntity).update(gateId, { status, closedAt: new Date() });
        await appendAuditEvent(manager, {
          actor: PIPELINE_ACTOR,
          action: `approval_gate.${status.toLowerCase()}`,
          subjectType: 'approval_gate',
          subjectId: gateId,
          payload: { status },
          idempotencyKey: `${gateId}:closed`,
        });
      });
    },
  };
}

async function evidenceFor(db: Db, run: PipelineRunEntity, modelVersionId: string, publicUrl: string): Promise<GateEvidence> {
  const version = mustExist(await findModelVersion(db, { id: modelVersionId }), `model version ${modelVersionId}`);
  const report = (await findEvaluationReport(db, modelVersionId))?.report;
  const validation = run.validationReportId ? await findValidationReport(db, { id: run.validationReportId }) : null;
  return {
    modelName: run.modelName,
    modelVersionId,
    version: version.version,
    metrics: version.metrics,
    championVersion: report?.champion?.championVersion ?? null,
    championMetrics: report?.champion?.championMetrics ?? null,
    gates: (report?.gates ?? []).map(({ gate, passed, message }) => ({ gate, passed, message })),
    validationStatus: validation?.status ?? null,
    fairness: report?.fairness?.measures ?? null,
    topFeatures: (report?.importance ?? []).slice(0, 5).map(({ feature, mean }) => ({ feature, mean })),
    lineageUrl: `${publicUrl}/graphql?query=${encodeURIComponent(`{ lineage(id: "${modelVersionId}", direction: UPSTREAM) { nodes { kind label } } }`)}`,
  };
}
