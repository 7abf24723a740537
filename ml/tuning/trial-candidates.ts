import type { Hyperparameters } from '../../domain/pipeline';
import type { SearchDimension, TuningSpec } from '../../domain/tuning';
import { seededRandom } from '../random/seeded-random';

/**
 * The hyperparameter sets a tuning run tries, in order. GRID: the Cartesian product of
 * the listed values (dimensions in name order, so the order is stable), cut at
 * maxTrials. RANDOM: maxTrials draws from a PRNG seeded by the run's seed — the same
 * run always proposes the same trials, which keeps the workflow deterministic on replay.
 */
export function trialCandidates(spec: TuningSpec, seed: number): Hyperparameters[] {
  const names = Object.keys(spec.space).sort();
  if (spec.strategy === 'GRID') {
    let grid: Hyperparameters[] = [{}];
    for (const name of names) {
      const values = spec.space[name] as number[];
      grid = grid.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
    }
    return grid.slice(0, spec.maxTrials);
  }
  const random = seededRandom(seed);
  return Array.from({ length: spec.maxTrials }, () =>
    Object.fromEntries(names.map((name) => [name, draw(spec.space[name], random)])),
  );
}

function draw(dimension: SearchDimension, random: () => number): number {
  if (Array.isArray(dimension)) return dimension[Math.floor(random() * dimension.length)];
  const { min, max, scale = 'LINEAR', integer = false } = dimension;
  const value = scale === 'LOG' ? Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))) : min + random() * (max - min);
  return integer ? Math.round(value) : value;
}

/** Checks a tuning request; returns the path of the first field at fault and why, or null. */
export function tuningProblem(spec: TuningSpec): { field: string; message: string } | null {
  const at = (field: string, message: string) => ({ field: `input.tuning.${field}`, message });
  if (!Number.isInteger(spec.maxTrials) || spec.maxTrials < 1 || spec.maxTrials > 200) return at('maxTrials', 'must be an integer from 1 to 200');
  if (!Number.isInteger(spec.parallelism) || spec.parallelism < 1 || spec.parallelism > 16) return at('parallelism', 'must be an integer from 1 to 16');
  const names = Object.keys(spec.space);
  if (names.length === 0) return at('space', 'must name at least one hyperparameter');
  for (const name of names) {
    const dimension = spec.space[name];
    if (Array.isArray(dimension)) {
      if (dimension.length === 0 || dimension.some((value) => typeof value !== 'number' || !Number.isFinite(value))) {
        return at(`space.${name}`, 'must be a non-empty list of numbers');
      }
    } else if (spec.strategy === 'GRID') {
      return at(`space.${name}`, 'GRID needs a list of values; ranges are for RANDOM');
    } else if (
      typeof dimension !== 'object' || dimension === null ||
      !Number.isFinite(dimension.min) || !Number.isFinite(dimension.max) || dimension.min >= dimension.max ||
      (dimension.scale === 'LOG' && dimension.min <= 0)
    ) {
      return at(`space.${name}`, 'must be a list of numbers or {min, max, scale?: LINEAR|LOG, integer?} with min < max (min > 0 for LOG)');
    }
  }
  return null;
}
