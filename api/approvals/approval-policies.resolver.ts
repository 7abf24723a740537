import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApprovalPoliciesService } from './approval-policies.service';
import { ApprovalPolicyInput, ApprovalPolicyType } from './approval-policy.types';

@Resolver(() => ApprovalPolicyType)
export class ApprovalPoliciesResolver {
  constructor(private readonly policies: ApprovalPoliciesService) {}

  @Query(() => [ApprovalPolicyType], { description: 'Every approval policy, by name.' })
  @Allow(...ALL_ROLES)
  approvalPolicies() {
    return this.policies.list();
  }

  @Mutation(() => ApprovalPolicyType, { description: 'Admins only: a new approval policy (version 1), audited.' })
  @Allow('admin')
  createApprovalPolicy(@CurrentPrincipal() principal: Principal, @Args('input', { description: "The policy's name and rules." }) input: ApprovalPolicyInput) {
    return this.policies.create(principal, input);
  }

  @Mutation(() => ApprovalPolicyType, { description: 'Admins only: replaces a policy’s rules as its next version, audited. Gates already open keep theirs.' })
  @Allow('admin')
  updateApprovalPolicy(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: "The policy's id." }) id: string,
    @Args('input', { description: "The policy's new rules (its name included)." }) input: ApprovalPolicyInput,
  ) {
    return this.policies.update(principal, id, input);
  }

  @Mutation(() => ApprovalPolicyType, { description: 'Admins only: deletes a policy and returns it as it was, audited. Gates already open keep what it made of them.' })
  @Allow('admin')
  deleteApprovalPolicy(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: "The policy's id." }) id: string) {
    return this.policies.delete(principal, id);
  }
}
