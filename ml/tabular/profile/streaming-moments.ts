import { stats } from '../../stats/simple-statistics';

/**
 * Count, mean, population variance, min and max of numbers arriving in chunks. Each chunk is
 * summarised by simple-statistics and pooled into the running totals with its combineMeans
 * and combineVariances (the pairwise update of Chan, Golub & LeVeque 1979), so the result is
 * the whole column's, up to floating-point rounding, without holding the column.
 */
export class StreamingMoments {
  count = 0;
  mean = 0;
  variance = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(values: number[]): void {
    if (values.length === 0) return;
    const mean = stats.mean(values);
    this.variance = stats.combineVariances(this.variance, this.mean, this.count, stats.variance(values), mean, values.length);
    this.mean = stats.combineMeans(this.mean, this.count, mean, values.length);
    this.count += values.length;
    this.min = Math.min(this.min, stats.min(values));
    this.max = Math.max(this.max, stats.max(values));
  }
}
