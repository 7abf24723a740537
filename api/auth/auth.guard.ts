import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { ProvenantError } from '../../domain/errors';
import type { Principal, Role } from '../../domain/roles';
import { bearerToken } from '../../platform/auth/bearer-token';
import { TokenRegistry } from '../../platform/auth/token-registry';
import { ALLOWED_ROLES, PUBLIC_ROUTE, SESSION_COOKIE_ROUTE } from './allow.decorator';
import { sessionCookieToken } from './session-cookie';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Every operation: a valid bearer token (or, on pages opened by link, the web UI's session cookie), and a role the operation allows. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = requestOf(context);
    const fromCookie = this.reflector.getAllAndOverride<boolean>(SESSION_COOKIE_ROUTE, targets) ? sessionCookieToken(request.headers.cookie) : null;
    const token = bearerToken(request.headers.authorization) ?? fromCookie;
    if (token === null) throw new ProvenantError('UNAUTHENTICATED', 'missing bearer token: send Authorization: Bearer <token>');
    const principal = this.tokens.find(token);
    if (!principal) throw new ProvenantError('UNAUTHENTICATED', 'unknown or revoked token');
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!allowed.includes(principal.role)) {
      throw new ProvenantError('FORBIDDEN', `role ${principal.role} may not perform this operation`);
    }
    return true;
  }
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}
