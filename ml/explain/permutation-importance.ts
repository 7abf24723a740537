import type { FeatureImportance } from '../../domain/evaluation';
import { seededRandom } from '../random/seeded-random';
import { shuffleInPlace } from '../random/shuffle';
import { allRows } from '../split/strata';
import { stats } from '../stats/simple-statistics';

export interface PermutationImportanceOptions {
  features: string[];
  /** The metric on the unpermuted rows. */
  baseline: number;
  /**
   * The metric with feature `permutedFeature` (an index into `features`) reordered so
   * that row i takes the value of row permutation[i]; the other features stay put.
   */
  score: (permutedFeature: number, permutation: Uint32Array) => Promise<number>;
  rowCount: number;
  /** Permutations per feature; at least 2, so that the spread across them is defined. */
  repeats: number;
  seed: number;
  /** Whether a larger metric is better (see higherIsBetter in ml/metrics/metric-direction). */
  higherIsBetter: boolean;
}

export interface PermutationImportance extends FeatureImportance {
  /** What `score` returned for each repeat, in repeat order. */
  scores: number[];
}

/**
 * Permutation feature importance (Breiman 2001, "Random Forests", Machine Learning
 * 45(1)), as scikit-learn's permutation_importance computes it
 * (https://scikit-learn.org/stable/modules/permutation_importance.html): the model is
 * re-scored with one feature's values shuffled across rows, which breaks the feature's
 * link to the target, and the importance of repeat r is how much the metric got worse,
 *
 *   importance_r = baseline − score_r   (score_r − baseline when lower is better).
 *
 * `mean` is the mean over repeats and `std` the sample standard deviation (n − 1
 * denominator; sklearn's importances_std divides by n). Like sklearn, every feature is
 * shuffled by the same `repeats` seeded Fisher–Yates permutations, so features are
 * compared on the same draws. Features are scored one call at a time, in order, and
 * returned by mean importance, largest first (ties keep the order of `features`).
 */
export async function permutationImportance(options: PermutationImportanceOptions): Promise<PermutationImportance[]> {
  const { features, baseline, score, rowCount, repeats, seed, higherIsBetter } = options;
  if (!Number.isInteger(repeats) || repeats < 2) throw new RangeError(`repeats must be an integer ≥ 2 (got ${repeats})`);
  if (!Number.isInteger(rowCount) || rowCount < 0) throw new RangeError(`rowCount must be a non-negative integer (got ${rowCount})`);
  if (!Number.isFinite(baseline)) throw new RangeError(`baseline score must be finite (got ${baseline})`);

  const random = seededRandom(seed);
  const permutations = Array.from({ length: repeats }, () => shuffleInPlace(allRows(rowCount), random));
  const results: PermutationImportance[] = [];
  for (const [featureIndex, feature] of features.entries()) {
    const scores: number[] = [];
    for (const [repeat, permutation] of permutations.entries()) {
      // A copy, so a scorer that reorders its argument cannot change the next feature's draw.
      const permuted = await score(featureIndex, permutation.slice());
      if (!Number.isFinite(permuted)) {
        throw new RangeError(`score for feature ${JSON.stringify(feature)}, repeat ${repeat} is ${permuted}; it must be finite`);
      }
      scores.push(permuted);
    }
    const importances = scores.map((permuted) => (higherIsBetter ? baseline - permuted : permuted - baseline));
    results.push({ feature, mean: stats.mean(importances), std: stats.sampleStandardDeviation(importances), scores });
  }
  return results.sort((a, b) => b.mean - a.mean);
}
