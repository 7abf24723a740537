import type { CanaryObservation, CanaryPolicy } from '../../domain/deployment';
import { jensenShannonDistance } from '../drift/jensen-shannon';

/** What one version did in an observation window, from the prediction log. */
export interface VersionWindow {
  requests: number;
  errors: number;
  /** 95th percentile of per-request latency (linear interpolation), null without requests. */
  p95Ms: number | null;
  /** Counts of predicted labels, or of predictions in shared numeric bins. */
  predictionCounts: Map<string, number>;
}

/**
 * Judges a canary step: enough requests, error rate, p95 latency relative to the stable
 * version, and the shift between the two prediction distributions (Jensen–Shannon
 * distance). The stable side counts only with as many requests as the canary needs:
 * at the 100% step a few stragglers answered just before the switch would make any
 * comparison noise, so the previous window's stable latency stands in and the shift is
 * not judged again.
 */
export function canaryVerdict(
  weight: number,
  canary: VersionWindow,
  stable: VersionWindow,
  previous: CanaryObservation | null,
  policy: CanaryPolicy,
  stablePredictions: Map<string, number> | null,
): CanaryObservation {
  const reasons: string[] = [];
  const canaryP95Ms = canary.p95Ms;
  const stableComparable = stable.requests >= Math.max(1, policy.minRequests);
  const stableP95Ms = stableComparable ? stable.p95Ms : (previous?.stableP95Ms ?? null);
  const canaryErrorRate = canary.requests === 0 ? 0 : canary.errors / canary.requests;
  if (canary.requests < policy.minRequests) reasons.push(`only ${canary.requests} canary requests, at least ${policy.minRequests} needed`);
  if (canaryErrorRate > policy.maxErrorRate) reasons.push(`error rate ${round(canaryErrorRate)} > ${policy.maxErrorRate}`);
  if (canaryP95Ms !== null && stableP95Ms !== null && stableP95Ms > 0 && canaryP95Ms > policy.maxLatencyRatio * stableP95Ms) {
    reasons.push(`p95 latency ${round(canaryP95Ms)} ms > ${policy.maxLatencyRatio} × stable ${round(stableP95Ms)} ms`);
  }
  const reference = stableComparable ? stable.predictionCounts : stablePredictions;
  let predictionShift: number | null = null;
  if (reference && reference.size > 0 && canary.predictionCounts.size > 0) {
    const categories = [...new Set([...reference.keys(), ...canary.predictionCounts.keys()])];
    predictionShift = jensenShannonDistance(
      categories.map((c) => canary.predictionCounts.get(c) ?? 0),
      categories.map((c) => reference.get(c) ?? 0),
    );
    if (predictionShift > policy.maxPredictionShift) {
      reasons.push(`prediction shift ${round(predictionShift)} > ${policy.maxPredictionShift} (Jensen–Shannon distance to stable)`);
    }
  }
  return {
    weight,
    canaryRequests: canary.requests,
    stableRequests: stable.requests,
    canaryErrorRate,
    canaryP95Ms,
    stableP95Ms,
    predictionShift,
    passed: reasons.length === 0,
    reasons,
  };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
