/**
 * Exact two-sided p-value of the two-sample Kolmogorov–Smirnov test, P(D ≥ gap / (n₁n₂))
 * under the null hypothesis that both samples come from one continuous distribution,
 * by counting lattice paths from (0, 0) to (n₁, n₂) (Hodges 1958, "The significance
 * probability of the Smirnov two-sample test", Arkiv för Matematik 3(43)). The statistic
 * is passed as the integer gap = max |i·n₂ − j·n₁| over the two empirical CDFs' steps, so
 * that D = gap / (n₁n₂) = h / lcm(n₁, n₂) with h = gap / gcd(n₁, n₂) is exact.
 * It is scipy.stats.ks_2samp's exact method:
 * - n₁ = n₂ = n: P = 2 Σ_{k≥1} (−1)^{k−1} C(2n, n − kh) / C(2n, n), evaluated as a nested
 *   product to avoid cancellation;
 * - otherwise the paths that stay strictly inside |x/n₁ − y/n₂| < D, counted column by
 *   column as a share of all paths, with Viehmann's recursion that yields 1 − P directly
 *   (2021, "Numerically more stable computation of the p-values for the two-sample
 *   Kolmogorov–Smirnov test", arXiv:2102.08037).
 * Returns null when the result is not a probability (rounding gone wrong), where scipy
 * falls back to the asymptotic distribution.
 */
export function ksTwoSampleExactPValue(n1: number, n2: number, gap: number): number | null {
  const g = gcd(n1, n2);
  const h = gap / g;
  if (!Number.isInteger(h)) throw new RangeError(`gap ${gap} is not a multiple of gcd(${n1}, ${n2})`);
  if (h === 0) return 1;
  const p = n1 === n2 ? outsideSquare(n1, h) : outsideBand(Math.max(n1, n2), Math.min(n1, n2), g, h);
  return p >= 0 && p <= 1 ? p : null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** P(D ≥ h/n) for two samples of n (scipy's _compute_prob_outside_square). */
function outsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k -= 1) {
    let term = 1;
    for (let j = 0; j < h; j += 1) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/** Share of paths leaving the band, m ≥ n (scipy's _compute_outer_prob_inside_method). */
function outsideBand(m: number, n: number, g: number, h: number): number {
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i += 1) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj += 1) {
      const j = jj + minJ;
      value = (column[jj + minJ - lastMinJ] * i + value * j) / (i + j);
      column[jj] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1];
}
