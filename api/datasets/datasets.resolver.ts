import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DatasetVersionType, RegisterDatasetInput } from './dataset.types';
import { DatasetsService } from './datasets.service';

@Resolver(() => DatasetVersionType)
export class DatasetsResolver {
  constructor(private readonly datasets: DatasetsService) {}

  @Mutation(() => DatasetVersionType, { description: 'Registers a file as a content-addressed dataset version (idempotent).' })
  @Allow('engineer', 'admin')
  registerDataset(@CurrentPrincipal() principal: Principal, @Args('input') input: RegisterDatasetInput) {
    return this.datasets.register(principal, input);
  }

  @Query(() => DatasetVersionType)
  @Allow(...ALL_ROLES)
  datasetVersion(@Args('id', { type: () => ID }) id: string) {
    return this.datasets.find(id);
  }
}
