import type { Quantile } from '../../domain/dataset';
import { stats } from '../stats/simple-statistics';
import { PROFILE_QUANTILES } from '../tabular/profile/column-profiler';
import { assertPairedRows } from './assert-paired-rows';

/**
 * Quantiles of the residuals rᵢ = yᵢ − ŷᵢ (positive where the model under-predicts),
 * by default at the probabilities a column profile reports. Quantiles are
 * simple-statistics' `quantile`: linear interpolation between order statistics at
 * position (n − 1)·p, R's type 7 and numpy.quantile's default "linear" method
 * (Hyndman & Fan 1996, "Sample quantiles in statistical packages", The American
 * Statistician 50(4)).
 */
export function residualQuantiles(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  probabilities: readonly number[] = PROFILE_QUANTILES,
): Quantile[] {
  assertPairedRows(actual, predicted);
  probabilities.forEach((p) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability ${p} is not in [0, 1]`);
  });
  const residuals = Array.from({ length: actual.length }, (_, i) => actual[i] - predicted[i]);
  const missing = residuals.findIndex(Number.isNaN);
  if (missing >= 0) throw new RangeError(`residual at row ${missing} is NaN (actual ${actual[missing]}, predicted ${predicted[missing]})`);
  const values = stats.quantile(residuals, probabilities);
  return probabilities.map((p, i) => ({ p, value: values[i] }));
}
