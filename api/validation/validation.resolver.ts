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
    @Args('datasetVersionId', { type: () => ID, description: 'The dataset version to check.' }) datasetVersionId: string,
    @Args('expectations', { type: () => [ColumnExpectationInput], nullable: true, description: 'The data contract to check; null: only the automatic checks.' })
    expectations?: ColumnExpectationInput[],
    @Args('target', { type: () => String, nullable: true, description: 'The target column, for the target, leakage and class-balance checks.' })
    target?: string,
    @Args('features', { type: () => [String], nullable: true, description: 'The feature columns, for the feature checks.' }) features?: string[],
    @Args('task', { type: () => ModelTaskEnum, nullable: true, description: 'CLASSIFICATION or REGRESSION, for the target checks.' }) task?: ModelTask,
  ) {
    return this.validation.validateDataset(principal, {
      datasetVersionId,
      expectations: expectations ?? undefined,
      target: target ?? undefined,
      features: features ?? undefined,
      task: task ?? undefined,
    });
  }

  @Query(() => ValidationReportType, { description: 'One validation report with every check (any role).' })
  @Allow(...ALL_ROLES)
  validationReport(@Args('id', { type: () => ID, description: "The report's id." }) id: string) {
    return this.validation.report(id);
  }
}
