import { assertSameEdges, type BinnedColumn } from './binned-column';
import { WASSERSTEIN_MIN_SCALE } from './wasserstein-normalised';

export interface BinnedWasserstein {
  /** W₁ of the binned distributions / max(σ_reference, 0.001); drift when ≥ the threshold (0.1). */
  statistic: number;
  /** The exact normalised W₁ of the underlying values lies within statistic ± errorBound. */
  errorBound: number;
  /** W₁ of the binned distributions, in the column's units. */
  distance: number;
  /** Population standard deviation of the reference values, exact (from the running sums). */
  referenceStandardDeviation: number;
}

/** One bin's share of the CDF, rising linearly over [from, to] (a jump when from = to). */
interface Ramp {
  from: number;
  to: number;
  before: number;
  after: number;
}

/**
 * Normalised Wasserstein-1 distance between two binned columns (BinnedColumn) over the
 * same edges: the approximation to wassersteinNormalised for data too large to sort.
 * Within each bin the values are taken as spread uniformly over the part of the bin
 * between the column's minimum and maximum, so each CDF is piecewise linear, equal to the
 * true CDF at every edge; then W₁ = ∫ |F̃(x) − G̃(x)| dx is integrated exactly. Inside a
 * bin holding a share pᵢ the true and interpolated CDFs differ by at most pᵢ, hence
 *
 *   |W̃₁ − W₁| ≤ Σᵢ pᵢ·wᵢ + Σᵢ qᵢ·vᵢ   (wᵢ, vᵢ the widths of the bins' occupied parts),
 *
 * reported, divided by the same scale, as errorBound. The reference σ is exact. Narrower
 * bins (more edges) tighten the bound. Reference: Ramdas, García Trillos & Cuturi (2017),
 * Entropy 19(2), 47, for W₁ = ∫|F − G|.
 */
export function binnedWassersteinNormalised(reference: BinnedColumn, current: BinnedColumn): BinnedWasserstein {
  assertSameEdges(reference, current);
  if (reference.count === 0) throw new RangeError('reference has no values to compare');
  if (current.count === 0) throw new RangeError('current has no values to compare');
  const referenceRamps = ramps(reference);
  const currentRamps = ramps(current);
  const points = [...new Set([...referenceRamps, ...currentRamps].flatMap((ramp) => [ramp.from, ramp.to]))].sort((a, b) => a - b);
  let distance = 0;
  for (let k = 0; k + 1 < points.length; k += 1) {
    const start = points[k];
    const end = points[k + 1];
    const atStart = cdf(referenceRamps, start, false) - cdf(currentRamps, start, false);
    const atEnd = cdf(referenceRamps, end, true) - cdf(currentRamps, end, true);
    distance += (end - start) * integralOfAbsoluteLinear(atStart, atEnd);
  }
  const referenceStandardDeviation = Math.sqrt(reference.sumSquaredDeviations / reference.count);
  const scale = Math.max(referenceStandardDeviation, WASSERSTEIN_MIN_SCALE);
  const bound = [...referenceRamps, ...currentRamps].reduce((sum, ramp) => sum + (ramp.after - ramp.before) * (ramp.to - ramp.from), 0);
  return { statistic: distance / scale, errorBound: bound / scale, distance, referenceStandardDeviation };
}

function ramps(column: BinnedColumn): Ramp[] {
  const { edges, counts, count, min, max } = column;
  const result: Ramp[] = [];
  let cumulative = 0;
  counts.forEach((binCount, i) => {
    if (binCount === 0) return;
    const from = Math.max(i === 0 ? -Infinity : edges[i - 1], min);
    const to = Math.min(i === edges.length ? Infinity : edges[i], max);
    const before = cumulative / count;
    cumulative += binCount;
    result.push({ from, to, before, after: cumulative / count });
  });
  return result;
}

/**
 * F(x) if `leftLimit` is false, else F(x−), for the piecewise-linear CDF of the ramps. The
 * ramps are ascending and disjoint, so the ramps wholly after x are a suffix, found by
 * bisection (thousands of bins from sketches make a linear scan per point quadratic); x is
 * past every ramp before the last one not after it, and past or inside that one.
 */
function cdf(ramps: readonly Ramp[], x: number, leftLimit: boolean): number {
  const after = (ramp: Ramp) => (leftLimit ? x <= ramp.from : x < ramp.from);
  let low = 0;
  let high = ramps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(ramps[middle])) high = middle;
    else low = middle + 1;
  }
  if (low === 0) return 0;
  const ramp = ramps[low - 1];
  if (leftLimit ? x > ramp.to : x >= ramp.to) return ramp.after;
  return ramp.before + ((ramp.after - ramp.before) * (x - ramp.from)) / (ramp.to - ramp.from);
}

/** ∫₀¹ |a + (b − a)t| dt. */
function integralOfAbsoluteLinear(a: number, b: number): number {
  if (a * b >= 0) return (Math.abs(a) + Math.abs(b)) / 2;
  return (a * a + b * b) / (2 * (Math.abs(a) + Math.abs(b)));
}
