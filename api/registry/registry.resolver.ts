import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RegistryService } from './registry.service';
import { ModelAliasEventType, ModelAliasType, ModelType, ModelVersionType, RemoveModelAliasInput, SetModelAliasInput } from './registry.types';

@Resolver(() => ModelType)
export class RegistryResolver {
  constructor(private readonly registry: RegistryService) {}

  @Query(() => [ModelType], { description: 'Every model with its versions (any role).' })
  @Allow(...ALL_ROLES)
  models() {
    return this.registry.models();
  }

  @Query(() => ModelType, { description: 'One model with its versions, newest first (any role).' })
  @Allow(...ALL_ROLES)
  model(@Args('name', { description: "The model's name." }) name: string) {
    return this.registry.model(name);
  }

  @Query(() => ModelVersionType, { description: 'One model version with its metrics, evaluation report, aliases and tags (any role).' })
  @Allow(...ALL_ROLES)
  modelVersion(@Args('id', { type: () => ID, description: "The version's id." }) id: string) {
    return this.registry.version(id);
  }

  @Mutation(() => ModelType, {
    description: 'Points an alias of a model at one of its versions, recording who moved it and why; re-setting it to the same version changes nothing.',
  })
  // Only ops and admin may move champion; the service refuses engineers that one alias.
  @Allow('engineer', 'ops', 'admin')
  setModelAlias(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model, the alias, the version and why.' }) input: SetModelAliasInput,
  ) {
    return this.registry.setAlias(principal, input);
  }

  @Mutation(() => ModelType, { description: 'Removes an alias of a model; its history keeps the removal.' })
  @Allow('engineer', 'ops', 'admin')
  removeModelAlias(@CurrentPrincipal() principal: Principal, @Args('input', { description: 'The model, the alias and why.' }) input: RemoveModelAliasInput) {
    return this.registry.removeAlias(principal, input);
  }

  @ResolveField(() => [ModelAliasType], { description: 'Where each alias points now, by alias.' })
  aliases(@Parent() model: ModelType) {
    return this.registry.aliases(model.id);
  }

  @ResolveField(() => [ModelAliasEventType], { description: 'Every move of every alias, newest first.' })
  aliasHistory(@Parent() model: ModelType) {
    return this.registry.aliasHistory(model.id);
  }
}
