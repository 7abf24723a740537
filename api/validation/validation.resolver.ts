import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { ModelTask } from '../../domain/pipeline';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ModelTaskEnum } from '../common/enums';
import { ValidationService } from './validation.service';
import { ColumnExpectationInput, ValidationReportType } from './validation.types';

@Resolver(() => ValidationReportType)
export class ValidationResolver {
  constructor(private readonly validation: ValidationService) {}

  @Mutation(() => ValidationReportType, {
    description: 'Runs the validate stage’s checks on a dataset version outside a pipeline and stores the report.',
  })
  @Allow('engineer', 'admin')
  validateDataset(
    @CurrentPrincipal() principal: Principal,
    @Args('datasetVersionId', { type: () => ID }) datasetVersionId: string,
    @Args('expectations', { type: () => [ColumnExpectationInput], nullable: true }) expectations?: ColumnExpectationInput[],
    @Args('target', { type: () => String, nullable: true }) target?: string,
    @Args('features', { type: () => [String], nullable: true }) features?: string[],
    @Args('task', { type: () => ModelTaskEnum, nullable: true }) task?: ModelTask,
  ) {
    return this.validation.validateDataset(principal, {
      datasetVersionId,
      expectations: expectations ?? undefined,
      target: target ?? undefined,
      features: features ?? undefined,
      task: task ?? undefined,
    });
  }

  @Query(() => ValidationReportType)
  @Allow(...ALL_ROLES)
  validationReport(@Args('id', { type: () => ID }) id: string) {
    return this.validation.report(id);
  }
}
