import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../domain/roles';

export const ALLOWED_ROLES = 'provenant:allowedRoles';
export const PUBLIC_ROUTE = 'provenant:public';
export const SESSION_COOKIE_ROUTE = 'provenant:sessionCookie';

/** The roles that may call an operation. Operations without it are refused: deny by default. */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const ALL_ROLES: Role[] = ['viewer', 'engineer', 'approver', 'ops', 'admin'];

/** HTTP routes without a bearer token: health checks, and the Slack endpoint, which authenticates by request signature. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Pages a browser opens by link: the web UI's session cookie (api/auth/session-cookie.ts) stands in for the bearer header. */
export const AcceptsSessionCookie = () => SetMetadata(SESSION_COOKIE_ROUTE, true);
