import { stats } from '../stats/simple-statistics';
import { assertClassIndex } from './assert-class-index';

/**
 * Area under the ROC curve, exactly, through the Mann–Whitney U statistic
 * (Hanley & McNeil 1982, "The meaning and use of the area under a receiver operating
 * characteristic (ROC) curve", Radiology 143(1)):
 *
 *   AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ · n₋)
 *
 * where R₊ is the sum of the positives' ranks among all scores (simple-statistics'
 * wilcoxonRankSum; tied scores share their average rank). This is the probability
 * that a random positive scores above a random negative, ties counting ½, and equals
 * the trapezoidal area scikit-learn's roc_auc_score computes
 * (https://scikit-learn.org/stable/modules/generated/sklearn.metrics.roc_auc_score.html).
 * NaN when the rows do not hold both a positive and a negative: the curve is undefined
 * (sklearn raises an error instead). Scores must be finite, as sklearn requires.
 */
export function rocAuc(scores: ArrayLike<number>, positives: ArrayLike<boolean>): number {
  if (scores.length !== positives.length) {
    throw new RangeError(`scores has ${scores.length} rows but positives has ${positives.length}`);
  }
  const positiveScores: number[] = [];
  const negativeScores: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`scores[${i}] = ${scores[i]}; every row needs a finite score to be ranked`);
    (positives[i] ? positiveScores : negativeScores).push(scores[i]);
  }
  const positiveCount = positiveScores.length;
  const negativeCount = negativeScores.length;
  if (positiveCount === 0 || negativeCount === 0) return Number.NaN;
  const positiveRankSum = stats.wilcoxonRankSum(positiveScores, negativeScores);
  return (positiveRankSum - (positiveCount * (positiveCount + 1)) / 2) / (positiveCount * negativeCount);
}

export interface OneVsRestAuc {
  /** AUC of class c's probability for "class c" against every other class; NaN when class c is absent or is every row. */
  perClass: number[];
  /** Unweighted mean of the per-class AUCs that are defined; NaN when none is. */
  macro: number;
}

/**
 * One-vs-rest ROC AUC of a classifier's probabilities (row-major rows×classCount, in
 * class-index order), as scikit-learn's roc_auc_score(multi_class='ovr', average='macro'):
 * each class's column is scored by rocAuc against "actual is that class", and the macro
 * average is their unweighted mean. sklearn rejects data in which some class never
 * occurs; here such a class has no AUC and is left out of the mean instead, so a test
 * split missing a rare class can still be scored.
 */
export function rocAucOneVsRest(
  actual: ArrayLike<number>,
  probabilities: Float32Array | Float64Array,
  classCount: number,
): OneVsRestAuc {
  const rows = actual.length;
  if (rows === 0) throw new RangeError('rocAucOneVsRest needs at least one row');
  if (probabilities.length !== rows * classCount) {
    throw new RangeError(`probabilities has ${probabilities.length} entries, expected ${rows}×${classCount}`);
  }
  for (let i = 0; i < rows; i++) assertClassIndex(actual[i], classCount, 'actual', i);

  const perClass = Array.from({ length: classCount }, (_, c) =>
    rocAuc(
      Float64Array.from({ length: rows }, (_, i) => probabilities[i * classCount + c]),
      Array.from({ length: rows }, (_, i) => actual[i] === c),
    ),
  );
  const defined = perClass.filter((auc) => !Number.isNaN(auc));
  return { perClass, macro: defined.length === 0 ? Number.NaN : stats.mean(defined) };
}
