import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../domain/roles';
import type { ApiToken } from '../config';

/** Looks up bearer tokens in constant time per token, so timing does not leak them. */
export class TokenRegistry {
  private readonly entries: { digest: Buffer; principal: Principal }[];

  constructor(tokens: ApiToken[]) {
    this.entries = tokens.map(({ token, name, role }) => ({ digest: tokenDigest(token), principal: { name, role } }));
  }

  find(token: string): Principal | undefined {
    const candidate = tokenDigest(token);
    return this.entries.find((entry) => timingSafeEqual(entry.digest, candidate))?.principal;
  }
}

/** Tokens are compared by digest: equal lengths, so timingSafeEqual applies whatever was sent. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
