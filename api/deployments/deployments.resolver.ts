import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CONFIG } from '../common/injection-tokens';
import { temporalUiUrl } from '../common/temporal-ui-url';
import { DeploymentType, SetShadowVersionInput, SetStableVersionInput, TrafficRouteType } from './deployment.types';
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
  deployments(@Args('modelName') modelName: string) {
    return this.service.history(modelName);
  }

  @Query(() => [TrafficRouteType], { description: 'Which versions serve a model in each environment, and the canary split.' })
  @Allow(...ALL_ROLES)
  trafficRoutes(@Args('modelName') modelName: string) {
    return this.service.routes(modelName);
  }

  @Mutation(() => TrafficRouteType, { description: 'Start (version) or stop (null) shadow scoring of live requests.' })
  @Allow('ops', 'admin')
  setShadowVersion(@CurrentPrincipal() principal: Principal, @Args('input') input: SetShadowVersionInput) {
    return this.service.setShadow(principal, input);
  }

  @Mutation(() => DeploymentType, { description: 'Operator override: make a version stable at once, as a durable workflow.' })
  @Allow('ops', 'admin')
  promoteDeployment(@CurrentPrincipal() principal: Principal, @Args('input') input: SetStableVersionInput) {
    return this.service.override(principal, 'PROMOTE', input);
  }

  @Mutation(() => DeploymentType, { description: 'Operator override: put a version back as stable at once, as a durable workflow.' })
  @Allow('ops', 'admin')
  rollbackDeployment(@CurrentPrincipal() principal: Principal, @Args('input') input: SetStableVersionInput) {
    return this.service.override(principal, 'ROLLBACK', input);
  }
}
