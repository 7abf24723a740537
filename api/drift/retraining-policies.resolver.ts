import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RetrainingPoliciesService } from './retraining-policies.service';
import { RetrainingPolicyType, SetRetrainingPolicyInput } from './retraining-policy.types';

@Resolver(() => RetrainingPolicyType)
export class RetrainingPoliciesResolver {
  constructor(private readonly policies: RetrainingPoliciesService) {}

  @Query(() => RetrainingPolicyType, { nullable: true, description: 'Null when the model has no policy: drift never retrains it.' })
  @Allow(...ALL_ROLES)
  retrainingPolicy(@Args('modelName', { description: 'The model whose policy to read.' }) modelName: string) {
    return this.policies.get(modelName);
  }

  @Mutation(() => RetrainingPolicyType, { description: 'Creates or replaces the model’s retraining policy.' })
  @Allow('engineer', 'ops', 'admin')
  setRetrainingPolicy(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model, its triggers, cooldown and deploy request.' }) input: SetRetrainingPolicyInput,
  ) {
    return this.policies.set(principal, input);
  }
}
