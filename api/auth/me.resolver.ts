import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from './allow.decorator';
import { CurrentPrincipal } from './current-principal.decorator';

@ObjectType('Me', { description: 'The caller, as the API authenticated them.' })
export class MeType {
  @Field({ description: "The name of the caller's token (as in PROVENANT_API_TOKENS): what the audit log records as actor." }) name!: string;
  @Field({ description: 'viewer, engineer, approver, ops or admin: what the caller may do.' }) role!: string;
}

@Resolver(() => MeType)
export class MeResolver {
  @Query(() => MeType, { description: 'The caller, as the API sees them.' })
  @Allow(...ALL_ROLES)
  me(@CurrentPrincipal() principal: Principal): MeType {
    return { name: principal.name, role: principal.role };
  }
}
