import type { DriftLevel } from '../../domain/drift';
import { driftLevels, type DriftLevels } from './drift-level';

export interface PageHinkleyParameters {
  /** δ: the magnitude of change tolerated, in warm-up standard deviations. */
  delta: number;
  /** λ: drift when the cumulative deviation rises this far above its minimum, in warm-up standard deviations. */
  threshold: number;
  /** Observations after a reset that fix the scale and fill the mean before anything is checked. */
  minInstances: number;
}

/**
 * δ = 0.2 and λ = 50 in units of the warm-up standard deviation, after a warm-up of 100
 * observations. River's defaults (δ = 0.005, λ = 50, 30 observations, in the data's own
 * units) suit a stream of unit scale; absolute errors come in the target's units
 * (minutes, dollars), so they are scaled first, and a scale estimated from 30 values is
 * too noisy to hold on long streams (12 of 200 seeded stationary streams signalled with
 * δ = 0.1 after 30, 3 with δ = 0.2 after 30, none with these). The cumulative sum sinks by
 * δ a step while nothing changes, which keeps it from wandering λ above its minimum; a rise
 * of the mean by Δ warm-up standard deviations is signalled after about λ / (Δ − δ)
 * observations: on normal errors whose spread grows by half, a median of 93 (all of 100
 * seeded streams), by double, 40 (ml/concept-drift/page-hinkley.test.ts).
 */
export const PAGE_HINKLEY_PARAMETERS: PageHinkleyParameters = { delta: 0.2, threshold: 50, minInstances: 100 };

export interface PageHinkleyState {
  /** Observations since the last reset. */
  readonly instances: number;
  /** Mean and Σ(x − mean)² (Welford) of the observations since the reset, unscaled. */
  readonly mean: number;
  readonly sumSquaredDeviations: number;
  /** σ of the warm-up's observations, fixed at the end of the warm-up; 0 before. */
  readonly scale: number;
  /** m_T = Σ (x_t − x̄_t − δ), scaled, and its minimum M_T. */
  readonly cumulative: number;
  readonly minimum: number;
}

export const PAGE_HINKLEY_INITIAL_STATE: PageHinkleyState = { instances: 0, mean: 0, sumSquaredDeviations: 0, scale: 0, cumulative: 0, minimum: 0 };

/**
 * One step of the Page–Hinkley test for a rise in the mean (Page 1954, "Continuous
 * inspection schemes", Biometrika 41, 100–115; Hinkley 1971, "Inference about the
 * change-point from cumulative sum tests", Biometrika 58, 509–523; in the form of Gama,
 * Sebastião & Rodrigues 2013, "On evaluating stream learning algorithms", Machine
 * Learning 90, 317–346, as river's PageHinkley), here over a regression model's absolute
 * errors. With x̄_t the mean of the observations since the reset and σ the standard
 * deviation of the first `minInstances` of them,
 *
 *   m_T = Σ_{t ≤ T} (x_t − x̄_t − δσ) / σ,   M_T = min_{t ≤ T} m_t,   DRIFT when m_T − M_T > λ,
 *
 * after which the detector resets. Only rises are watched: errors that shrink are no
 * reason to retrain. A warm-up without any spread (σ = 0: every error equal) leaves the
 * scale at the smallest positive double, so the first different error is signalled.
 * There is no warning level: Page–Hinkley has a single threshold. The state is immutable.
 */
export function pageHinkleyStep(
  state: PageHinkleyState,
  value: number,
  parameters: PageHinkleyParameters = PAGE_HINKLEY_PARAMETERS,
): { state: PageHinkleyState; level: DriftLevel } {
  if (!Number.isFinite(value)) throw new RangeError(`Page–Hinkley observes finite numbers (got ${value})`);
  const instances = state.instances + 1;
  const mean = state.mean + (value - state.mean) / instances;
  const sumSquaredDeviations = state.sumSquaredDeviations + (value - mean) * (value - state.mean);
  if (instances < parameters.minInstances) return { state: { ...state, instances, mean, sumSquaredDeviations }, level: 'NONE' };
  const scale = state.scale > 0 ? state.scale : Math.sqrt(sumSquaredDeviations / instances) || Number.MIN_VALUE;
  if (instances === parameters.minInstances) return { state: { ...state, instances, mean, sumSquaredDeviations, scale }, level: 'NONE' };
  const cumulative = state.cumulative + (value - mean) / scale - parameters.delta;
  const minimum = Math.min(state.minimum, cumulative);
  if (cumulative - minimum > parameters.threshold) return { state: PAGE_HINKLEY_INITIAL_STATE, level: 'DRIFT' };
  return { state: { instances, mean, sumSquaredDeviations, scale, cumulative, minimum }, level: 'NONE' };
}

/** Page–Hinkley over a whole stream of observations (absolute errors), from a fresh state. */
export function runPageHinkley(values: Iterable<number>, parameters: PageHinkleyParameters = PAGE_HINKLEY_PARAMETERS): DriftLevels {
  let state = PAGE_HINKLEY_INITIAL_STATE;
  const levels: DriftLevel[] = [];
  for (const value of values) {
    const step = pageHinkleyStep(state, value, parameters);
    state = step.state;
    levels.push(step.level);
  }
  return driftLevels(levels);
}
