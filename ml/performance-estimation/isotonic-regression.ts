/**
 * Isotonic regression by pool-adjacent-violators (Barlow et al. 1972; Zadrozny & Elkan
 * 2002 for calibration): the non-decreasing step function of x that minimises the squared
 * error to y. Predictions interpolate linearly between the fitted points and clip outside
 * them, as scikit-learn's IsotonicRegression(out_of_bounds='clip') does, so a calibrated
 * probability stays in [0, 1] and keeps the scores' order.
 */
export interface IsotonicFit {
  /** Ascending distinct x of the fitted points. */
  readonly x: Float64Array;
  /** The fitted value at each x, non-decreasing. */
  readonly y: Float64Array;
}

export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicFit {
  if (x.length !== y.length) throw new RangeError(`x and y need one entry per row (got ${x.length} and ${y.length})`);
  if (x.length === 0) throw new RangeError('isotonic regression needs at least one row');
  const order = Uint32Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  // Ties in x are pooled first: one point per distinct x, weighted by its rows.
  const xs: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  for (const row of order) {
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === x[row]) {
      means[last] += (y[row] - means[last]) / (weights[last] + 1);
      weights[last] += 1;
    } else {
      xs.push(x[row]);
      means.push(y[row]);
      weights.push(1);
    }
  }
  // Blocks of points, merged while a block's mean exceeds the next one's.
  const blockMean: number[] = [];
  const blockWeight: number[] = [];
  const blockEnd: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    blockMean.push(means[i]);
    blockWeight.push(weights[i]);
    blockEnd.push(i);
    while (blockMean.length > 1 && blockMean[blockMean.length - 2] >= blockMean[blockMean.length - 1]) {
      const weight = blockWeight.pop()!;
      const mean = blockMean.pop()!;
      const end = blockEnd.pop()!;
      const top = blockMean.length - 1;
      blockMean[top] = (blockMean[top] * blockWeight[top] + mean * weight) / (blockWeight[top] + weight);
      blockWeight[top] += weight;
      blockEnd[top] = end;
    }
  }
  const fitted = new Float64Array(xs.length);
  let start = 0;
  blockMean.forEach((mean, b) => {
    fitted.fill(mean, start, blockEnd[b] + 1);
    start = blockEnd[b] + 1;
  });
  return { x: Float64Array.from(xs), y: fitted };
}

/** The fitted function at `value`: linear between the fitted points, clipped beyond them. */
export function predictIsotonic(fit: IsotonicFit, value: number): number {
  const { x, y } = fit;
  if (value <= x[0]) return y[0];
  const last = x.length - 1;
  if (value >= x[last]) return y[last];
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (x[middle] <= value) low = middle;
    else high = middle;
  }
  return y[low] + ((y[high] - y[low]) * (value - x[low])) / (x[high] - x[low]);
}
