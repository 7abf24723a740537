import { accuracy } from '../metrics/classification-metrics';
import { assertPairedRows } from '../metrics/assert-paired-rows';
import { mae, rmse } from '../metrics/regression-metrics';
import { stats } from '../stats/simple-statistics';
import { rowsByGroup } from './rows-by-group';

export interface GroupClassificationMetrics {
  group: string;
  count: number;
  accuracy: number;
  /** Fraction of the group's rows predicted as the favorable class. */
  selectionRate: number;
  /** Of the group's rows that are actually favorable, the fraction predicted favorable; NaN when there are none. */
  truePositiveRate: number;
}

export interface GroupFairness {
  groups: GroupClassificationMetrics[];
  /** Largest minus smallest selection rate over groups; 0 means every group is selected at the same rate. */
  demographicParityDifference: number;
  /** Largest minus smallest true positive rate over groups that have a favorable row; NaN when none has. */
  equalOpportunityDifference: number;
}

/**
 * Classification metrics per group of a sensitive feature, and the disparity between
 * groups as Fairlearn's demographic_parity_difference and equal_opportunity_difference
 * define it with their default method='between_groups'
 * (https://fairlearn.org/main/api_reference/generated/fairlearn.metrics.demographic_parity_difference.html,
 * https://fairlearn.org/main/api_reference/generated/fairlearn.metrics.equal_opportunity_difference.html):
 *
 *   demographic parity difference = max_g P(ŷ = f | A = g) − min_g P(ŷ = f | A = g)
 *   equal opportunity difference  = max_g P(ŷ = f | y = f, A = g) − min_g P(ŷ = f | y = f, A = g)
 *
 * where f is the `favorable` class index, counted one-vs-rest (Hardt, Price & Srebro
 * 2016, "Equality of opportunity in supervised learning"). Fairlearn scores a group
 * without favorable rows as having true positive rate 0, which would report a
 * disparity that no row shows; here such a group's rate is NaN and it is left out
 * of the difference.
 */
export function groupFairness(
  groups: readonly (string | null)[],
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  favorable: number,
): GroupFairness {
  assertGroupPerRow(groups, actual, predicted);
  if (!(Number.isInteger(favorable) && favorable >= 0)) {
    throw new RangeError(`favorable = ${favorable} is not a class index`);
  }
  const perGroup = rowsByGroup(groups).map(({ group, rows }) => {
    let selected = 0;
    let actuallyFavorable = 0;
    let truePositives = 0;
    for (const row of rows) {
      const predictedFavorable = predicted[row] === favorable;
      if (predictedFavorable) selected++;
      if (actual[row] === favorable) {
        actuallyFavorable++;
        if (predictedFavorable) truePositives++;
      }
    }
    return {
      group,
      count: rows.length,
      accuracy: accuracy(pick(actual, rows), pick(predicted, rows)),
      selectionRate: selected / rows.length,
      truePositiveRate: actuallyFavorable === 0 ? Number.NaN : truePositives / actuallyFavorable,
    };
  });
  const truePositiveRates = perGroup.map((g) => g.truePositiveRate).filter((rate) => !Number.isNaN(rate));
  return {
    groups: perGroup,
    demographicParityDifference: maxMinusMin(perGroup.map((g) => g.selectionRate)),
    equalOpportunityDifference: truePositiveRates.length === 0 ? Number.NaN : maxMinusMin(truePositiveRates),
  };
}

export interface GroupRegressionMetrics {
  group: string;
  count: number;
  rmse: number;
  mae: number;
}

/**
 * RMSE and MAE per group of a sensitive feature, and the widest RMSE gap between two
 * groups, max_g RMSE_g − min_g RMSE_g: Fairlearn's MetricFrame(...).difference(
 * method='between_groups') applied to root_mean_squared_error
 * (https://fairlearn.org/main/api_reference/generated/fairlearn.metrics.MetricFrame.html).
 */
export function groupRegressionMetrics(
  groups: readonly (string | null)[],
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): { groups: GroupRegressionMetrics[]; maxRmseGap: number } {
  assertGroupPerRow(groups, actual, predicted);
  const perGroup = rowsByGroup(groups).map(({ group, rows }) => {
    const groupActual = pick(actual, rows);
    const groupPredicted = pick(predicted, rows);
    return { group, count: rows.length, rmse: rmse(groupActual, groupPredicted), mae: mae(groupActual, groupPredicted) };
  });
  return { groups: perGroup, maxRmseGap: maxMinusMin(perGroup.map((g) => g.rmse)) };
}

function assertGroupPerRow(groups: readonly (string | null)[], actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  assertPairedRows(actual, predicted);
  if (groups.length !== actual.length) {
    throw new RangeError(`groups has ${groups.length} rows but actual has ${actual.length}`);
  }
}

function pick(values: ArrayLike<number>, rows: Uint32Array): Float64Array {
  return Float64Array.from(rows, (row) => values[row]);
}

function maxMinusMin(values: number[]): number {
  return stats.max(values) - stats.min(values);
}
