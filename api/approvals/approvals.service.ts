import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { decisionsOf, findGate, findGateOfRun, gateState, listGates, pendingGates, releaseRunWorkflowIds } from '../../db/approval-gates';
import type { ApprovalGateEntity } from '../../db/approval-gates';
import { decisionRefusal, type Decision, type DecisionChannel, type DecisionRequest, type GateState, type GateStatus } from '../../domain/approval';
import { attestDecision } from '../../domain/decision-attestation';
import { formatDuration } from '../../domain/duration';
import type { Config } from '../../platform/config';
import { ProvenantError, badInput, notFound, type ErrorCode } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { decideGateUpdate } from '../../domain/workflow-contracts';
import { checkPageSize, cursorPosition, positionCursor } from '../common/connection';
import { isUuid } from '../../domain/ids';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import type { ApprovalGateConnection, ApprovalGateType } from './approval.types';

export interface DecisionInput {
  gateId: string;
  decision: Decision;
  comment?: string | null;
}

@Injectable()
export class ApprovalsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Sends a decision, attested with the API's signing key, to the workflow holding the
   * gate as an update. The workflow's validator is the authority (it sees decisions this
   * process has not); the same rules checked here first give the caller a precise error
   * without a round trip.
   */
  async decide(principal: Principal, input: DecisionInput, channel: DecisionChannel): Promise<GateState> {
    const gate = await this.entity(input.gateId, 'input.gateId');
    const request: DecisionRequest = {
      actor: principal.name,
      role: principal.role,
      decision: input.decision,
      comment: input.comment?.trim() || null,
      channel,
    };
    const refusal = decisionRefusal(gateState(gate, await decisionsOf(this.dataSource, [gate.id])), request);
    if (refusal) throw refused(refusal.code, refusal.message);
    const signingKey = this.config.decisionSigningKey;
    if (!signingKey) throw new ProvenantError('INTERNAL', 'this API has no PROVENANT_DECISION_SIGNING_KEY, so it cannot attest decisions', 'input.gateId');
    const attested = attestDecision(request, gate.id, signingKey, new Date());
    try {
      return await this.temporal.workflow.getHandle(gate.workflowId).executeUpdate(decideGateUpdate, { args: [attested] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        throw refused((error.cause.type ?? 'CONFLICT') as ErrorCode, error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError || /already completed/i.test(String(error))) {
        throw refused('CONFLICT', 'gate is closed; decisions are closed');
      }
      throw error;
    }
  }

  /** Open gates this principal may decide now. */
  async pendingFor(principal: Principal): Promise<GateState[]> {
    const gates = await pendingGates(this.dataSource);
    const decisions = await decisionsOf(this.dataSource, gates.map((gate) => gate.id));
    return gates
      .map((gate) => gateState(gate, decisions.filter((d) => d.gateId === gate.id)))
      .filter((state) => !decisionRefusal(state, { actor: principal.name, role: principal.role, decision: 'APPROVE', comment: null, channel: 'graphql' }));
  }

  async get(id: string): Promise<ApprovalGateType> {
    return (await this.views([await this.entity(id, 'id')]))[0];
  }

  async forRun(pipelineRunId: string): Promise<ApprovalGateType | null> {
    const gate = await findGateOfRun(this.dataSource, pipelineRunId);
    return gate ? (await this.views([gate]))[0] : null;
  }

  /** Newest first, optionally by status, with stable cursors. */
  async list(status: GateStatus | null, first: number, after: string | null): Promise<ApprovalGateConnection> {
    const page = await listGates(this.dataSource, status, checkPageSize(first), cursorPosition(after));
    const views = await this.views(page.rows);
    const edges = views.map((node, index) => ({ node, cursor: positionCursor(page.positions[index]) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  private async entity(id: string, field: string): Promise<ApprovalGateEntity> {
    if (!isUuid(id)) throw badInput(field, 'is not an approval gate id (expected a UUID)');
    const gate = await findGate(this.dataSource, id);
    if (!gate) throw notFound(field, `approval gate ${id}`);
    return gate;
  }

  private async views(gates: ApprovalGateEntity[]): Promise<ApprovalGateType[]> {
    const decisions = await decisionsOf(this.dataSource, gates.map((gate) => gate.id));
    const runWorkflowIds = await releaseRunWorkflowIds(this.dataSource, gates);
    return gates.map((gate) => ({
      ...gate,
      pipelineWorkflowId: gate.pipelineRunId ? (runWorkflowIds.get(gate.pipelineRunId) ?? null) : null,
      subject: { kind: gate.subjectKind, id: gate.subjectId, title: gate.subjectTitle, url: gate.subjectUrl },
      approvers: gate.eligibleApprovers,
      deadline: gate.deadline!,
      expiresAfter: gate.policyId && gate.expiresAfterMs ? formatDuration(gate.expiresAfterMs) : null,
      decisions: decisions.filter((d) => d.gateId === gate.id),
    }));
  }
}

function refused(code: ErrorCode, message: string): ProvenantError {
  return new ProvenantError(code, message, code === 'BAD_USER_INPUT' ? 'input.comment' : 'input.gateId');
}
