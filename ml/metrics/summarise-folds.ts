import { stats } from '../stats/simple-statistics';

export interface FoldSummary {
  mean: Record<string, number>;
  /** Sample standard deviation (n − 1 denominator) across folds. */
  std: Record<string, number>;
}

/**
 * Mean and sample standard deviation of each metric across cross-validation
 * folds: x̄ = (1/k) Σ xᵢ and s = √(Σ (xᵢ − x̄)² / (k − 1)). The folds are a
 * sample of the ways the data could have been split, hence k − 1 (Bessel's
 * correction). Every fold must report the same metrics; a metric some folds
 * leave out (e.g. a count reported only when non-zero) must be filled in first.
 */
export function summariseFolds(perFoldMetrics: readonly Record<string, number>[]): FoldSummary {
  if (perFoldMetrics.length < 2) {
    throw new RangeError(`summariseFolds needs at least 2 folds (got ${perFoldMetrics.length})`);
  }
  const names = Object.keys(perFoldMetrics[0]).sort();
  perFoldMetrics.forEach((metrics, fold) => {
    const foldNames = Object.keys(metrics).sort();
    if (foldNames.join('\0') !== names.join('\0')) {
      throw new RangeError(`fold ${fold} reports metrics [${foldNames.join(', ')}], fold 0 reports [${names.join(', ')}]`);
    }
  });
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const name of names) {
    const values = perFoldMetrics.map((metrics) => metrics[name]);
    mean[name] = stats.mean(values);
    std[name] = stats.sampleStandardDeviation(values);
  }
  return { mean, std };
}
