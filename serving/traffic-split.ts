import { createHmac, randomBytes } from 'node:crypto';
import type { TrafficRoute } from '../domain/deployment';

export interface RoutedVersion {
  versionId: string;
  role: 'stable' | 'canary';
}

/**
 * Places request ids in canary buckets 0-99 with an HMAC under a key callers never see:
 * a caller cannot compute its id's bucket, so it cannot steer itself into or out of a
 * canary. Within one key a retried request lands on the same version, and raising the
 * canary weight only moves requests towards the canary, never back (a request with
 * bucket b goes to the canary whenever b < weight).
 */
export class TrafficSplit {
  private readonly key: Buffer;

  /** Without a configured key each process draws its own; serving processes that share one keep retries sticky across them. */
  constructor(key: string | undefined) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key, 'utf8');
  }

  bucket(requestId: string): number {
    return createHmac('sha256', this.key).update(requestId).digest().readUInt32BE(0) % 100;
  }

  /** Which version answers `requestId` under `route`; null when the route names none for it. */
  choose(route: TrafficRoute, requestId: string): RoutedVersion | null {
    if (route.canaryVersionId !== null && this.bucket(requestId) < route.canaryWeight) {
      return { versionId: route.canaryVersionId, role: 'canary' };
    }
    return route.stableVersionId === null ? null : { versionId: route.stableVersionId, role: 'stable' };
  }
}
