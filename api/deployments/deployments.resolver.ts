import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CONFIG } from '../common/injection-tokens';
import { temporalUiUrl } from '../common/temporal-ui-url';
import { BreakGlassType, DeploymentType, RequestBreakGlassInput, SetShadowVersionInput, SetStableVersionInput, TrafficRouteType } from './deployment.types';
import { DeploymentsService } from './deployments.service';

@Resolver(() => DeploymentType)
export class DeploymentsResolver {
  constructor(
    private readonly service: DeploymentsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @ResolveField(() => String, { description: 'The deployment workflow in the Temporal UI: each canary step, its observation and the outcome.' })
  temporalUiUrl(@Parent() deployment: DeploymentType) {
    return temporalUiUrl(this.config, deployment.workflowId);
  }

  @Query(() => [DeploymentType], { description: 'Deployment history of a model, newest first.' })
  @Allow(...ALL_ROLES)
  deployments(@Args('modelName', { description: 'The model whose deployments to list.' }) modelName: string) {
    return this.service.history(modelName);
  }

  @Query(() => [TrafficRouteType], { description: 'Which versions serve a model in each environment, and the canary split.' })
  @Allow(...ALL_ROLES)
  trafficRoutes(@Args('modelName', { description: 'The model whose routes to read.' }) modelName: string) {
    return this.service.routes(modelName);
  }

  @Mutation(() => TrafficRouteType, { description: 'Start (version) or stop (null) shadow scoring of live requests. Starting needs an APPROVED approval gate for the version in the environment.' })
  @Allow('ops', 'admin')
  setShadowVersion(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model, environment, version (null to stop) and reason.' }) input: SetShadowVersionInput,
  ) {
    return this.service.setShadow(principal, input);
  }

  @Mutation(() => DeploymentType, { description: 'Operator override: make a version stable at once, as a durable workflow. Needs an APPROVED approval gate for the version in the environment.' })
  @Allow('ops', 'admin')
  promoteDeployment(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model, environment, version and reason.' }) input: SetStableVersionInput,
  ) {
    return this.service.override(principal, 'PROMOTE', input);
  }

  @Mutation(() => DeploymentType, { description: 'Operator override: put a version back as stable at once, as a durable workflow. Needs an APPROVED approval gate for the version in the environment.' })
  @Allow('ops', 'admin')
  rollbackDeployment(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model, environment, version to put back and reason.' }) input: SetStableVersionInput,
  ) {
    return this.service.override(principal, 'ROLLBACK', input);
  }

  @Query(() => [BreakGlassType], { description: 'Break-glass operations, newest first (at most 100), optionally of one model.' })
  @Allow(...ALL_ROLES)
  breakGlassRequests(
    @Args('modelName', { type: () => String, nullable: true, description: "Only this model's; null: every model's." }) modelName: string | null,
  ) {
    return this.service.breakGlassRequests(modelName ?? null);
  }

  @Mutation(() => BreakGlassType, {
    description:
      'Admins only: asks to promote, roll back to or shadow with a version the release guard refuses (it has no APPROVED gate there), with the reason. Nothing changes until a second admin confirms it (confirmBreakGlass) within PROVENANT_BREAK_GLASS_WINDOW.',
  })
  @Allow('admin')
  requestBreakGlass(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The operation, model, environment, version and reason.' }) input: RequestBreakGlassInput,
  ) {
    return this.service.requestBreakGlass(principal, input);
  }

  @Mutation(() => BreakGlassType, { description: 'Admins only, and not the admin who asked: confirms a pending break-glass and carries out its operation, flagged as break-glass.' })
  @Allow('admin')
  confirmBreakGlass(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: "The pending break-glass's id (BreakGlass.id)." }) id: string,
  ) {
    return this.service.confirmBreakGlass(principal, id);
  }
}
