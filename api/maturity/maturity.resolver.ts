import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { MaturityService } from './maturity.service';
import { AttestMaturityElementInput, MaturityAttestationType, MaturityScorecardType, MaturityUseCaseInput, MaturityUseCaseType } from './maturity.types';

@Resolver()
export class MaturityResolver {
  constructor(private readonly maturity: MaturityService) {}

  @Query(() => MaturityScorecardType, {
    description:
      'The stage (Ad hoc … Kaizen) of each of the 17 elements of the John, Olsson & Bosch framework: measured from this deployment’s records over the last `weeks` weeks, or attested by an admin where Provenant cannot see; with the evidence, what the next stage needs, and each use case’s desired stage.',
  })
  // A heavy read across every table: operators', like the audit verification it includes.
  @Allow('ops', 'admin')
  maturityScorecard(
    @Args('weeks', { type: () => Int, defaultValue: 4, description: 'Length of the window event counts cover, 1-52.' }) weeks: number,
  ): Promise<MaturityScorecardType> {
    return this.maturity.scorecard(weeks);
  }

  @Query(() => [MaturityUseCaseType], { description: 'Every use case placed in the taxonomy, by name, with its desired stage.' })
  @Allow(...ALL_ROLES)
  maturityUseCases(): Promise<MaturityUseCaseType[]> {
    return this.maturity.useCases();
  }

  @Mutation(() => MaturityAttestationType, {
    description: 'Admins only, audited: records the stage of an element Provenant cannot observe (organisation, feature store, code review), with a statement and an evidence link. The newest per element counts.',
  })
  @Allow('admin')
  attestMaturityElement(@CurrentPrincipal() principal: Principal, @Args('input', { description: 'The element, the stage claimed, the statement and where its evidence is.' }) input: AttestMaturityElementInput) {
    return this.maturity.attest(principal, input);
  }

  @Mutation(() => MaturityUseCaseType, { description: 'Admins only, audited: places a use case in the taxonomy (creating it, or replacing its levels).' })
  @Allow('admin')
  setMaturityUseCase(@CurrentPrincipal() principal: Principal, @Args('input', { description: 'The use case and its two taxonomy levels.' }) input: MaturityUseCaseInput) {
    return this.maturity.setUseCase(principal, input);
  }

  @Mutation(() => MaturityUseCaseType, { description: 'Admins only, audited: removes a use case from the taxonomy and returns it as it was.' })
  @Allow('admin')
  deleteMaturityUseCase(@CurrentPrincipal() principal: Principal, @Args('name', { description: 'The use case’s name.' }) name: string) {
    return this.maturity.deleteUseCase(principal, name);
  }
}
