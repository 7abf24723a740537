/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic for n
 * observations, P(Dₙ ≥ d) with Dₙ = supₓ |Fₙ(x) − F(x)|: scipy.stats.kstwo.sf(d, n), which
 * ks_2samp uses for its asymptotic p-value with n = round(n₁n₂ / (n₁ + n₂)).
 *
 * The algorithm is Simard & L'Ecuyer's choice of method by region (2011, "Computing the
 * two-sided Kolmogorov–Smirnov distribution", Journal of Statistical Software 39(11)),
 * with scipy's cut-offs (scipy/stats/_ksstats.py):
 * - n·d ≤ 1 and n·d ≥ n − 1: Ruben & Gambino's closed forms;
 * - d ≥ ½, or n·d² large: 2·P(Dₙ⁺ ≥ d), the one-sided tail by the Smirnov / Birnbaum–Tingey
 *   sum  P(Dₙ⁺ ≥ d) = d Σ_{j=0}^{⌊n(1−d)⌋} C(n, j) (d + j/n)^(j−1) (1 − d − j/n)^(n−j)
 *   (exact when the two one-sided events cannot both happen, very close otherwise);
 * - otherwise 1 − P(Dₙ < d) from Durbin's matrix (Marsaglia, Tsang & Wang 2003,
 *   "Evaluating Kolmogorov's distribution", JSS 8(18)) or, for large n, Pelz & Good's
 *   asymptotic series (1976, JRSS B 38(2)).
 * One difference from scipy: for n ≤ 140 and 0.754693 < n·d² ≤ 4 scipy uses Pomeranz's
 * recursion where this uses Durbin's matrix; both are exact, so they agree to rounding.
 * The one-sided sum runs in double precision (scipy's in double-double), and for
 * n > 10⁶ it is replaced, as in scipy, by Miller's approximation exp(−(6nd + 1)² / 18n).
 */
export function kolmogorovSmirnovSurvival(n: number, d: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n must be a positive integer (got ${n})`);
  if (Number.isNaN(d)) throw new RangeError('d must be a number (got NaN)');
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i += 1) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clampProbability(1 - cdf);
  }
  if (t >= n - 1) return clampProbability(2 * (1 - d) ** n);
  if (d >= 0.5) return clampProbability(2 * smirnovSurvival(n, d));
  const ndSquared = t * d;
  if (n <= 140) {
    if (ndSquared <= 4) return clampProbability(1 - durbinMatrixCdf(n, d));
    return clampProbability(2 * smirnovSurvival(n, d));
  }
  if (ndSquared >= 370) return 0;
  if (ndSquared >= 2.2) return clampProbability(2 * smirnovSurvival(n, d));
  const cdf = n <= 100000 && n * d ** 1.5 <= 1.4 ? durbinMatrixCdf(n, d) : pelzGoodCdf(n, d);
  return clampProbability(1 - cdf);
}

const clampProbability = (p: number) => Math.min(1, Math.max(0, p));

/** x·2^e without overflowing or underflowing on the way when |e| is large. */
function ldexp(x: number, e: number): number {
  let scaled = x;
  let exponent = e;
  while (exponent > 1000) {
    scaled *= 2 ** 1000;
    exponent -= 1000;
  }
  while (exponent < -1000) {
    scaled *= 2 ** -1000;
    exponent += 1000;
  }
  return scaled * 2 ** exponent;
}

/** Stirling coefficients B₂ⱼ / (2j(2j − 1)), j = 8 … 1, highest first for Horner's rule. */
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

/** ln(n! / nⁿ) by Stirling's series, with n·ln n removed up front to avoid cancellation. */
function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  const y = reciprocal / n;
  const series = STIRLING.reduce((sum, coefficient) => sum * y + coefficient, 0);
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + reciprocal * series;
}

/** ln(2⁻¹⁰⁷⁵): below this, exp() underflows to 0 (Cephes MINLOG). */
const MIN_LOG = -745.1332191019412;

/** P(Dₙ⁺ ≥ d), the one-sided Smirnov tail, by the Birnbaum–Tingey sum (scipy.special.smirnov). */
function smirnovSurvival(n: number, d: number): number {
  if (n === 1) return 1 - d;
  const nd = n * d;
  const ndFloor = Math.floor(nd);
  const alpha = nd - ndFloor;
  if (ndFloor === 0 || (ndFloor === 1 && alpha === 0)) return 1 - d * (1 + d) ** (n - 1);
  if (-2 * n * d * d < MIN_LOG) return 0;
  if (ndFloor >= n - 1) return (1 - d) ** n;
  if (n > 1_000_000) return Math.exp(-((6 * nd + 1) ** 2) / 18 / n);
  // Terms j = 0 … ⌊n(1 − d)⌋, less the last when n(1 − d) is an integer (that term is 0).
  const terms = n - ndFloor;
  let sum = (1 - d) ** n / d;
  let logBinomial = Math.log(n);
  for (let j = 1; j < terms; j += 1) {
    const term = Math.exp(logBinomial + (n - j) * Math.log((n - j) / n - d) + (j - 1) * Math.log(j / n + d));
    if (term > 0 && Number.isFinite(term)) sum += term;
    if (term !== 0) {
      if (4 * (terms - j) * term < Number.EPSILON * sum && j !== terms - 1) break;
    } else if (j > Math.floor(n / 2)) {
      break;
    }
    logBinomial += Math.log((n - j) / (j + 1));
  }
  return d * sum;
}

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const product = new Float64Array(m * m);
  for (let r = 0; r < m; r += 1) {
    for (let k = 0; k < m; k += 1) {
      const left = a[r * m + k];
      if (left === 0) continue;
      for (let c = 0; c < m; c += 1) product[r * m + c] += left * b[k * m + c];
    }
  }
  return product;
}

/**
 * P(Dₙ < d) by Durbin's matrix: write d = (k − h)/n with k a positive integer and
 * 0 ≤ h < 1; then P = n!/nⁿ · (Hⁿ)ₖₖ for an m × m matrix H, m = 2k − 1, whose entries
 * are (1 − hʲ)/j! in the first column and last row and 1/j! elsewhere (Marsaglia, Tsang
 * & Wang 2003). Powers are taken by squaring, rescaled by 2¹²⁸ to stay in range.
 */
function durbinMatrixCdf(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j += 1) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * factorial;
  let matrix = new Float64Array(m * m);
  for (let i = 1; i < m; i += 1) {
    for (let r = i - 1; r < m; r += 1) matrix[r * m + i] = w[r - i + 1];
  }
  for (let r = 0; r < m; r += 1) matrix[r * m] = v[r];
  for (let c = 0; c < m; c += 1) matrix[(m - 1) * m + c] = v[m - 1 - c];

  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) power[i * m + i] = 1;
  let exponent = 0;
  let matrixExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, matrix, m);
      exponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[(k - 1) * m + (k - 1)]) > SCALE_UP) {
      for (let i = 0; i < matrix.length; i += 1) matrix[i] *= SCALE_DOWN;
      matrixExponent += SCALE_EXPONENT;
    }
  }
  let p = power[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i += 1) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return clampProbability(ldexp(p, exponent));
}

/**
 * P(Dₙ ≤ d) by Pelz & Good's series: Li-Chien and Korolyuk's expansion
 * K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}, z = d√n, rewritten through Jacobi's theta
 * functions for small z (scipy's _kolmogn_PelzGood).
 */
function pelzGoodCdf(n: number, d: number): number {
  const z = Math.sqrt(n) * d;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const pi2 = Math.PI ** 2;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  const logQ = -pi2 / 8 / z2;
  if (logQ < -708) return 0;
  let q = Math.exp(logQ);
  const k1a = -z2;
  const k1b = pi2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k -= 1) {
    const odd = 2 * k - 1;
    const odd2 = odd * odd;
    const odd4 = odd2 * odd2;
    const odd6 = odd4 * odd2;
    const qPower = q ** (8 * k);
    const coefficients = [1, k1a + k1b * odd2, k2a + k2b * odd2 + k2c * odd4, k3a + k3b * odd2 + k3c * odd4 + k3d * odd6];
    for (let i = 0; i < 4; i += 1) terms[i] = terms[i] * qPower + coefficients[i];
  }
  const sqrt2Pi = Math.sqrt(2 * Math.PI);
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i += 1) terms[i] = (terms[i] * q * sqrt2Pi) / divisors[i];
  q = Math.exp(-pi2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k > 0; k -= 1) {
    const k2 = k * k;
    const qPower = q ** k2;
    k2Extra += k2 * qPower;
    k3Extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * k2 * qPower;
  }
  terms[2] += (k2Extra * pi2 * sqrt2Pi) / (-36 * z2 * z);
  terms[3] += (k3Extra * pi2 * sqrt2Pi) / (216 * z6);
  return terms.reduce((sum, term, i) => sum + term / n ** (i / 2), 0);
}
