/** Whether a larger value of each metric the pipeline reports means a better model. */
const HIGHER_IS_BETTER = {
  accuracy: true,
  macroF1: true,
  macroPrecision: true,
  macroRecall: true,
  rocAucMacro: true,
  r2: true,
  logLoss: false,
  rmse: false,
  mae: false,
} as const;

export type KnownMetric = keyof typeof HIGHER_IS_BETTER;

export const KNOWN_METRICS = Object.keys(HIGHER_IS_BETTER) as readonly KnownMetric[];

/**
 * True for scores (accuracy, macroF1, macroPrecision, macroRecall, rocAucMacro, r2),
 * false for losses and errors (logLoss, rmse, mae): what tuning, model comparison and
 * permutation importance need to know to call one value better than another.
 */
export function higherIsBetter(metric: string): boolean {
  if (!Object.hasOwn(HIGHER_IS_BETTER, metric)) {
    throw new RangeError(`unknown metric ${JSON.stringify(metric)}; known metrics are ${KNOWN_METRICS.join(', ')}`);
  }
  return HIGHER_IS_BETTER[metric as KnownMetric];
}
