import { seededRandom } from '../random/seeded-random';
import { standardNormal } from '../random/standard-normal';

/** 1/φ: the most irrational rotation, so the stream below has no runs or clusters. */
const GOLDEN_RATIO_CONJUGATE = (Math.sqrt(5) - 1) / 2;

/**
 * Synthetic error streams for testing drift detectors. An error at step i (0-based) with
 * probability `before` until `changeAt`, `after` from then on.
 * - evenErrorStream: deterministic and low-discrepancy (error when frac((i + 1)/φ) < rate),
 *   so the error rate over any window is as close to the rate as it can be: a detector
 *   that signals drift on it before the change is wrong, not unlucky.
 * - randomErrorStream: independent Bernoulli draws from a seeded generator.
 */
export function evenErrorStream(length: number, changeAt: number, before: number, after: number): boolean[] {
  return Array.from({ length }, (_, i) => ((i + 1) * GOLDEN_RATIO_CONJUGATE) % 1 < (i < changeAt ? before : after));
}

export function randomErrorStream(seed: number, length: number, changeAt: number, before: number, after: number): boolean[] {
  const random = seededRandom(seed);
  return Array.from({ length }, (_, i) => random() < (i < changeAt ? before : after));
}

/**
 * Absolute errors of a regression model: |ε| with ε normal of standard deviation
 * `before` until `changeAt` and `after` from then on, from a seeded generator.
 */
export function absoluteErrorStream(seed: number, length: number, changeAt: number, before: number, after: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length }, (_, i) => Math.abs(standardNormal(random)) * (i < changeAt ? before : after));
}
