import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RegistryService } from './registry.service';
import { ModelVersionTagType, ModelVersionType, RemoveModelVersionTagInput, SetModelVersionTagInput } from './registry.types';

@Resolver(() => ModelVersionType)
export class ModelVersionResolver {
  constructor(private readonly registry: RegistryService) {}

  @Mutation(() => ModelVersionType, { description: 'Sets a tag of a model version, replacing its value; setting the same value changes nothing.' })
  @Allow('engineer', 'admin')
  setModelVersionTag(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The version, the key and the value.' }) input: SetModelVersionTagInput,
  ) {
    return this.registry.setTag(principal, input);
  }

  @Mutation(() => ModelVersionType, {
    description: 'Removes a tag of a model version, audited (roles engineer and admin); a tag the version does not have is NOT_FOUND.',
  })
  @Allow('engineer', 'admin')
  removeModelVersionTag(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: "The version and the tag's key." }) input: RemoveModelVersionTagInput,
  ) {
    return this.registry.removeTag(principal, input);
  }

  @ResolveField(() => [ModelVersionTagType], { description: 'By key.' })
  tags(@Parent() version: ModelVersionType) {
    return this.registry.tags(version.id);
  }
}
