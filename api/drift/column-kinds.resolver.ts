import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DeclareColumnKindsInput, DeclaredColumnKindType } from './column-kind.types';
import { ColumnKindsService } from './column-kinds.service';

@Resolver(() => DeclaredColumnKindType)
export class ColumnKindsResolver {
  constructor(private readonly columnKinds: ColumnKindsService) {}

  @Query(() => [DeclaredColumnKindType], { description: "The column kinds declared for a model; its other columns' kinds are inferred from the reference's schema." })
  @Allow(...ALL_ROLES)
  declaredColumnKinds(@Args('modelName', { description: 'The model.' }) modelName: string) {
    return this.columnKinds.list(modelName);
  }

  @Mutation(() => [DeclaredColumnKindType], {
    description: "Replaces the column kinds declared for a model (as Evidently's column mapping does), e.g. an integer day of week tested as categorical; audited. Returns the declarations now in force.",
  })
  @Allow('engineer', 'ops', 'admin')
  declareColumnKinds(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model and every declaration it should have.' }) input: DeclareColumnKindsInput,
  ) {
    return this.columnKinds.declare(principal, input);
  }
}
