import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../domain/roles';
import type { ApiToken } from '../config';

/** Finds what a bearer token stands for, comparing digests in constant time per entry, so timing does not leak tokens. */
export class TokenTable<T> {
  private readonly entries: { digest: Buffer; value: T }[];

  constructor(entries: { token: string; value: T }[]) {
    this.entries = entries.map(({ token, value }) => ({ digest: tokenDigest(token), value }));
  }

  find(token: string): T | undefined {
    const candidate = tokenDigest(token);
    return this.entries.find((entry) => timingSafeEqual(entry.digest, candidate))?.value;
  }
}

/** The API's bearer tokens, each standing for a principal. */
export class TokenRegistry extends TokenTable<Principal> {
  constructor(tokens: ApiToken[]) {
    super(tokens.map(({ token, name, role }) => ({ token, value: { name, role } })));
  }
}

/** Tokens are compared by digest: equal lengths, so timingSafeEqual applies whatever was sent. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
