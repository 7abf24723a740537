import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GateStatus } from '../../domain/approval';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { GateStatusEnum } from '../common/enums';
import { ApprovalGateConnection, ApprovalGateType, DecideApprovalInput } from './approval.types';
import { ApprovalsService } from './approvals.service';

@Resolver(() => ApprovalGateType)
export class ApprovalsResolver {
  constructor(private readonly approvals: ApprovalsService) {}

  @Query(() => ApprovalGateConnection, { description: 'Newest first.' })
  @Allow(...ALL_ROLES)
  approvalGates(
    @Args('status', { type: () => GateStatusEnum, nullable: true, description: 'Only gates in this status, e.g. PENDING for the approval queue; null: all.' })
    status: GateStatus | null,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 500.' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page; null for the first page.' }) after: string | null,
  ) {
    return this.approvals.list(status ?? null, first, after ?? null);
  }

  @Query(() => ApprovalGateType, { description: 'One approval gate with its subject, rules, evidence and decisions (any role).' })
  @Allow(...ALL_ROLES)
  approvalGate(@Args('id', { type: () => ID, description: "The gate's id (ApprovalGate.id)." }) id: string) {
    return this.approvals.get(id);
  }

  @Mutation(() => ApprovalGateType, { description: 'Approve or reject an open gate; returns the gate after the decision.' })
  @Allow('approver', 'admin')
  async decideApproval(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The gate, the decision and an optional comment (required to reject).' }) input: DecideApprovalInput,
  ): Promise<ApprovalGateType> {
    const state = await this.approvals.decide(principal, input, 'graphql');
    // The workflow's answer is newer than the stored row, which closes only after the gate does.
    const stored = await this.approvals.get(input.gateId);
    return { ...stored, status: state.status, decisions: state.decisions.map((d) => ({ ...d, decidedAt: new Date(d.decidedAt) })) };
  }
}
