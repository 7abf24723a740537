import { createHash } from 'node:crypto';
import type { TrafficRoute } from '../domain/deployment';

export interface RoutedVersion {
  versionId: string;
  role: 'stable' | 'canary';
}

/**
 * The request's place in 0-99, a pure function of its id: a retried request lands on
 * the same version, and raising the canary weight only moves requests towards the
 * canary, never back (a request with bucket b goes to the canary whenever b < weight).
 */
export function trafficBucket(requestId: string): number {
  return createHash('md5').update(requestId).digest().readUInt32BE(0) % 100;
}

/** Which version answers `requestId` under `route`; null when the route names none for it. */
export function chooseVersion(route: TrafficRoute, requestId: string): RoutedVersion | null {
  if (route.canaryVersionId !== null && trafficBucket(requestId) < route.canaryWeight) {
    return { versionId: route.canaryVersionId, role: 'canary' };
  }
  return route.stableVersionId === null ? null : { versionId: route.stableVersionId, role: 'stable' };
}
