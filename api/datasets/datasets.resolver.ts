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
  registerDataset(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: "The dataset's name and the file to read." }) input: RegisterDatasetInput,
  ) {
    return this.datasets.register(principal, input);
  }

  @Query(() => DatasetVersionType, { description: 'One dataset version with its typed and profiled columns (any role).' })
  @Allow(...ALL_ROLES)
  datasetVersion(@Args('id', { type: () => ID, description: "The dataset version's id." }) id: string) {
    return this.datasets.find(id);
  }
}
