import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DatasetVersionType } from '../datasets/dataset.types';
import { DatasetsService } from '../datasets/datasets.service';
import { ModelVersionType } from '../registry/registry.types';
import { RegistryService } from '../registry/registry.service';
import { BatchScoringJobType, StartBatchScoringInput } from './batch-scoring.types';
import { BatchScoringService } from './batch-scoring.service';

@Resolver(() => BatchScoringJobType)
export class BatchScoringResolver {
  constructor(
    private readonly batchScoring: BatchScoringService,
    private readonly datasets: DatasetsService,
    private readonly registry: RegistryService,
  ) {}

  @Mutation(() => BatchScoringJobType, {
    description: 'Scores a dataset version with a model version in checkpointed chunks; a crashed worker resumes from the last chunk.',
  })
  @Allow('engineer', 'admin')
  startBatchScoring(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model (and version), the dataset version and the chunk size.' }) input: StartBatchScoringInput,
  ) {
    return this.batchScoring.start(principal, input);
  }

  @Query(() => BatchScoringJobType, { description: 'One batch scoring job with its progress and, once done, its output dataset version (any role).' })
  @Allow(...ALL_ROLES)
  batchScoringJob(@Args('id', { type: () => ID, description: "The job's id (BatchScoringJob.id)." }) id: string) {
    return this.batchScoring.get(id);
  }

  @ResolveField(() => ModelVersionType, { description: 'The model version scored with.' })
  modelVersion(@Parent() job: BatchScoringJobType) {
    return this.registry.version(job.modelVersionId);
  }

  @ResolveField(() => DatasetVersionType, { description: 'The dataset version scored.' })
  inputDatasetVersion(@Parent() job: BatchScoringJobType) {
    return this.datasets.find(job.inputDatasetVersionId);
  }

  @ResolveField(() => DatasetVersionType, { nullable: true, description: 'The scored dataset, once the job has succeeded.' })
  outputDatasetVersion(@Parent() job: BatchScoringJobType) {
    return job.outputDatasetVersionId ? this.datasets.find(job.outputDatasetVersionId) : null;
  }
}
