import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { SlackUserType } from './slack-user.types';
import { SlackUsersService } from './slack-users.service';

@Resolver(() => SlackUserType)
export class SlackUsersResolver {
  constructor(private readonly users: SlackUsersService) {}

  @Mutation(() => SlackUserType, { description: 'Links a Slack account to a name from PROVENANT_API_TOKENS; its Slack clicks then act with that role.' })
  // Admins only: a link lends a Slack account the role of somebody's token.
  @Allow('admin')
  mapSlackUser(
    @CurrentPrincipal() principal: Principal,
    @Args('slackUserId', { description: 'The Slack user id, e.g. U0123ABCD.' }) slackUserId: string,
    @Args('name', { description: 'A name from PROVENANT_API_TOKENS; the Slack user acts with its role.' }) name: string,
  ) {
    return this.users.map(principal, slackUserId, name);
  }

  @Query(() => [SlackUserType], { description: 'Every linked Slack account and the role it acts with.' })
  @Allow('admin')
  slackUsers() {
    return this.users.list();
  }
}
