import type { Hyperparameters, Metrics } from './pipeline';

export const TUNING_STRATEGIES = ['GRID', 'RANDOM'] as const;
export type TuningStrategy = (typeof TUNING_STRATEGIES)[number];

export const OBJECTIVE_GOALS = ['MAXIMIZE', 'MINIMIZE'] as const;
export type ObjectiveGoal = (typeof OBJECTIVE_GOALS)[number];

/** Candidate values for one hyperparameter: a list, or (RANDOM only) a range to sample. */
export type SearchDimension = number[] | { min: number; max: number; scale?: 'LINEAR' | 'LOG'; integer?: boolean };

export interface TuningSpec {
  strategy: TuningStrategy;
  space: Record<string, SearchDimension>;
  maxTrials: number;
  parallelism: number;
  objective: { metric: string; goal: ObjectiveGoal; target?: number };
}

export const TRIAL_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

export interface TrialRecord {
  index: number;
  params: Hyperparameters;
  metrics: Metrics | null;
  status: TrialStatus;
  error: string | null;
}

/** True when `candidate` is better than `incumbent` for the objective. */
export function betterThan(goal: ObjectiveGoal, candidate: number, incumbent: number): boolean {
  return goal === 'MAXIMIZE' ? candidate > incumbent : candidate < incumbent;
}

export function meetsTarget(goal: ObjectiveGoal, value: number, target: number | undefined): boolean {
  if (target === undefined) return false;
  return goal === 'MAXIMIZE' ? value >= target : value <= target;
}
