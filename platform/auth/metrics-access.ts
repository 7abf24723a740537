import { timingSafeEqual } from 'node:crypto';
import type { Role } from '../../domain/roles';
import { bearerToken } from './bearer-token';
import { tokenDigest, type TokenRegistry } from './token-registry';

/** Roles whose API tokens may scrape /metrics besides the dedicated scrape token. */
export const METRICS_ROLES: readonly Role[] = ['ops', 'admin'];

export type MetricsRefusal = { code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

/**
 * Who may read a process's /metrics: the scrape token (PROVENANT_METRICS_TOKEN), which opens
 * nothing else, or an ops or admin API token. Pipeline, gate and model names in the series
 * are not for whoever can reach the port. Refusals read as the API guard's do.
 */
export class MetricsAccess {
  private readonly scrapeDigest: Buffer | null;

  constructor(
    private readonly tokens: TokenRegistry,
    scrapeToken: string | undefined,
  ) {
    this.scrapeDigest = scrapeToken ? tokenDigest(scrapeToken) : null;
  }

  /** Null when the request may scrape; otherwise why not. */
  refusal(authorization: string | undefined): MetricsRefusal | null {
    const token = bearerToken(authorization);
    if (token === null) return { code: 'UNAUTHENTICATED', message: 'missing bearer token: send Authorization: Bearer <token>' };
    if (this.scrapeDigest && timingSafeEqual(this.scrapeDigest, tokenDigest(token))) return null;
    const principal = this.tokens.find(token);
    if (!principal) return { code: 'UNAUTHENTICATED', message: 'unknown or revoked token' };
    return METRICS_ROLES.includes(principal.role) ? null : { code: 'FORBIDDEN', message: `role ${principal.role} may not perform this operation` };
  }
}
