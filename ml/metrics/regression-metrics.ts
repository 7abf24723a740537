import { assertPairedRows } from './assert-paired-rows';

/**
 * Regression metrics matching scikit-learn's root_mean_squared_error,
 * mean_absolute_error and r2_score.
 */

/** √((1/n) Σ (y − ŷ)²). */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  assertPairedRows(actual, predicted);
  let squares = 0;
  for (let i = 0; i < actual.length; i++) squares += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(squares / actual.length);
}

/** (1/n) Σ |y − ŷ|. */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  assertPairedRows(actual, predicted);
  let total = 0;
  for (let i = 0; i < actual.length; i++) total += Math.abs(actual[i] - predicted[i]);
  return total / actual.length;
}

/**
 * Coefficient of determination 1 − Σ(y − ŷ)² / Σ(y − ȳ)². For a constant
 * `actual` the ratio is undefined; like sklearn (force_finite=True) this
 * returns 1 for a perfect prediction and 0 otherwise.
 */
export function r2(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  assertPairedRows(actual, predicted);
  let mean = 0;
  for (let i = 0; i < actual.length; i++) mean += actual[i];
  mean /= actual.length;

  let residualSquares = 0;
  let totalSquares = 0;
  for (let i = 0; i < actual.length; i++) {
    residualSquares += (actual[i] - predicted[i]) ** 2;
    totalSquares += (actual[i] - mean) ** 2;
  }
  if (totalSquares === 0) return residualSquares === 0 ? 1 : 0;
  return 1 - residualSquares / totalSquares;
}
