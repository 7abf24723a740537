import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DatasetVersionConnection, DatasetVersionType, RegisterDatasetInput } from './dataset.types';
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

  @Query(() => DatasetVersionConnection, { description: 'Registered dataset versions, newest first: of every dataset, or of the one named.' })
  @Allow(...ALL_ROLES)
  datasetVersions(
    @Args('datasetName', { type: () => String, nullable: true, description: 'Only the versions of this dataset.' }) datasetName: string | null,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1-500.' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
  ) {
    return this.datasets.list(datasetName ?? null, first, after ?? null);
  }

  @Query(() => DatasetVersionType, { description: 'One dataset version with its typed and profiled columns (any role).' })
  @Allow(...ALL_ROLES)
  datasetVersion(@Args('id', { type: () => ID, description: "The dataset version's id." }) id: string) {
    return this.datasets.find(id);
  }
}
