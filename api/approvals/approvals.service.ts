import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { In, type DataSource } from 'typeorm';
import { gateState } from '../../db/approval-gates';
import { ApprovalDecisionEntity, ApprovalGateEntity } from '../../db/entities';
import { newestFirstPage } from '../../db/newest-first-page';
import { decisionRefusal, type Decision, type DecisionChannel, type DecisionRequest, type GateState, type GateStatus } from '../../domain/approval';
import { ProvenantError, badInput, notFound, type ErrorCode } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { decideGateUpdate } from '../../domain/workflow-contracts';
import { checkPageSize, cursorPosition, positionCursor } from '../common/connection';
import { isUuid } from '../common/ids';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
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
  ) {}

  /**
   * Sends a decision to the run's workflow as an update. The workflow's validator is the
   * authority (it sees decisions this process has not); the same rules checked here
   * first give the caller a precise error without a round trip.
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
    const refusal = decisionRefusal(gateState(gate, await this.decisionsOf([gate.id])), request);
    if (refusal) throw refused(refusal.code, refusal.message);
    try {
      return await this.temporal.workflow.getHandle(gate.workflowId).executeUpdate(decideGateUpdate, { args: [request] });
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
    const gates = await this.dataSource.getRepository(ApprovalGateEntity).find({ where: { status: 'PENDING' }, order: { createdAt: 'ASC' } });
    const decisions = await this.decisionsOf(gates.map((gate) => gate.id));
    return gates
      .map((gate) => gateState(gate, decisions.filter((d) => d.gateId === gate.id)))
      .filter((state) => !decisionRefusal(state, { actor: principal.name, role: principal.role, decision: 'APPROVE', comment: null, channel: 'graphql' }));
  }

  async get(id: string): Promise<ApprovalGateType> {
    return (await this.views([await this.entity(id, 'id')]))[0];
  }

  async forRun(pipelineRunId: string): Promise<ApprovalGateType | null> {
    const gate = await this.dataSource.getRepository(ApprovalGateEntity).findOneBy({ pipelineRunId });
    return gate ? (await this.views([gate]))[0] : null;
  }

  /** Newest first, optionally by status, with stable cursors. */
  async list(status: GateStatus | null, first: number, after: string | null): Promise<ApprovalGateConnection> {
    const query = this.dataSource.getRepository(ApprovalGateEntity).createQueryBuilder('g');
    if (status) query.where('g.status = :status', { status });
    const page = await newestFirstPage(query, checkPageSize(first), cursorPosition(after));
    const views = await this.views(page.rows);
    const edges = views.map((node, index) => ({ node, cursor: positionCursor(page.positions[index]) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  private async entity(id: string, field: string): Promise<ApprovalGateEntity> {
    if (!isUuid(id)) throw badInput(field, 'is not an approval gate id (expected a UUID)');
    const gate = await this.dataSource.getRepository(ApprovalGateEntity).findOneBy({ id });
    if (!gate) throw notFound(field, `approval gate ${id}`);
    return gate;
  }

  private decisionsOf(gateIds: string[]): Promise<ApprovalDecisionEntity[]> {
    if (gateIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(ApprovalDecisionEntity).find({ where: { gateId: In(gateIds) }, order: { decidedAt: 'ASC' } });
  }

  private async views(gates: ApprovalGateEntity[]): Promise<ApprovalGateType[]> {
    const decisions = await this.decisionsOf(gates.map((gate) => gate.id));
    return gates.map((gate) => ({
      ...gate,
      approvers: gate.eligibleApprovers,
      deadline: gate.deadline!,
      decisions: decisions.filter((d) => d.gateId === gate.id),
    }));
  }
}

function refused(code: ErrorCode, message: string): ProvenantError {
  return new ProvenantError(code, message, code === 'BAD_USER_INPUT' ? 'input.comment' : 'input.gateId');
}
