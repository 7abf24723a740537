import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { ProvenanceService } from './provenance.service';
import { ProvenanceType } from './provenance.types';

@Resolver(() => ProvenanceType)
export class ProvenanceResolver {
  constructor(private readonly provenance: ProvenanceService) {}

  @Query(() => ProvenanceType, {
    name: 'provenance',
    description:
      'For a model version: its data, code, parameters, validation, evaluation, approvals, deployments, alias moves, drift reports and the retraining they caused, each with the ids of the audit events that record it.',
  })
  @Allow(...ALL_ROLES)
  provenanceOf(
    @Args('modelVersionId', { type: () => ID, description: "The model version's id (ModelVersion.id)." }) modelVersionId: string,
  ): Promise<ProvenanceType> {
    return this.provenance.provenance(modelVersionId);
  }
}
