import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from './allow.decorator';
import { CurrentPrincipal } from './current-principal.decorator';

@ObjectType('Me')
export class MeType {
  @Field() name!: string;
  @Field() role!: string;
}

@Resolver(() => MeType)
export class MeResolver {
  @Query(() => MeType, { description: 'The caller, as the API sees them.' })
  @Allow(...ALL_ROLES)
  me(@CurrentPrincipal() principal: Principal): MeType {
    return { name: principal.name, role: principal.role };
  }
}
