import type { DeployEnvironment } from './approval';

export const DEPLOYMENT_KINDS = ['CANARY', 'PROMOTE', 'ROLLBACK'] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

export const DEPLOYMENT_STATUSES = ['RUNNING', 'PROMOTED', 'ROLLED_BACK'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** How a canary earns full traffic: weight steps, each watched for a window against limits. */
export interface CanaryPolicy {
  /** Canary traffic percentages, ascending, ending at 100. */
  steps: number[];
  observationMs: number;
  /** Share of the canary's requests in a window that may fail. */
  maxErrorRate: number;
  /** The canary's p95 latency may be at most this multiple of the stable version's. */
  maxLatencyRatio: number;
  /** Jensen–Shannon distance between canary and stable prediction distributions. */
  maxPredictionShift: number;
  /** Fewer canary requests than this in a window prove nothing: the step fails. */
  minRequests: number;
}

export const DEFAULT_CANARY_POLICY: CanaryPolicy = {
  steps: [10, 50, 100],
  observationMs: 5 * 60_000,
  maxErrorRate: 0.01,
  maxLatencyRatio: 2,
  maxPredictionShift: 0.3,
  minRequests: 20,
};

/** Which versions of a model answer requests in one environment, and how traffic splits. */
export interface TrafficRoute {
  modelName: string;
  environment: DeployEnvironment;
  stableVersionId: string | null;
  canaryVersionId: string | null;
  /** Percentage of requests the canary answers (0-100). */
  canaryWeight: number;
  /** Scores a copy of live requests; its answers are logged, never returned. */
  shadowVersionId: string | null;
}

/** One observed window of a canary step, compared with the stable version over the same window. */
export interface CanaryObservation {
  weight: number;
  canaryRequests: number;
  stableRequests: number;
  canaryErrorRate: number;
  canaryP95Ms: number | null;
  stableP95Ms: number | null;
  predictionShift: number | null;
  passed: boolean;
  reasons: string[];
}
