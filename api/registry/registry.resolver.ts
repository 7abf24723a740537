import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { RegistryService } from './registry.service';
import { ModelType, ModelVersionType } from './registry.types';

@Resolver(() => ModelType)
export class RegistryResolver {
  constructor(private readonly registry: RegistryService) {}

  @Query(() => [ModelType])
  @Allow(...ALL_ROLES)
  models() {
    return this.registry.models();
  }

  @Query(() => ModelType)
  @Allow(...ALL_ROLES)
  model(@Args('name') name: string) {
    return this.registry.model(name);
  }

  @Query(() => ModelVersionType)
  @Allow(...ALL_ROLES)
  modelVersion(@Args('id', { type: () => ID }) id: string) {
    return this.registry.version(id);
  }
}
