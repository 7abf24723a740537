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
    @Args('status', { type: () => GateStatusEnum, nullable: true }) status: GateStatus | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    return this.approvals.list(status ?? null, first, after ?? null);
  }

  @Query(() => ApprovalGateType)
  @Allow(...ALL_ROLES)
  approvalGate(@Args('id', { type: () => ID }) id: string) {
    return this.approvals.get(id);
  }

  @Mutation(() => ApprovalGateType, { description: 'Approve or reject an open gate; returns the gate after the decision.' })
  @Allow('approver', 'admin')
  async decideApproval(@CurrentPrincipal() principal: Principal, @Args('input') input: DecideApprovalInput): Promise<ApprovalGateType> {
    const state = await this.approvals.decide(principal, input, 'graphql');
    // The workflow's answer is newer than the stored row, which closes only after the gate does.
    const stored = await this.approvals.get(input.gateId);
    return { ...stored, status: state.status, decisions: state.decisions.map((d) => ({ ...d, decidedAt: new Date(d.decidedAt) })) };
  }
}
