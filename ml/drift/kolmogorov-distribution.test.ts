import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIFFERENT_ALGORITHM_P_TOLERANCE, assertRelativelyClose, scipyValues } from './fixtures/scipy-fixtures';
import { kolmogorovSmirnovSurvival } from './kolmogorov-distribution';

test('matches scipy.stats.kstwo.sf over every region of Simard & L’Ecuyer’s method', () => {
  const rows = scipyValues.kolmogorovSmirnovSurvival;
  assert.ok(rows.length > 400);
  for (const { n, d, sf } of rows) {
    const actual = kolmogorovSmirnovSurvival(n, d);
    if (sf === 0) assert.equal(actual, 0, `n = ${n}, d = ${d}`);
    else assertRelativelyClose(actual, sf, DIFFERENT_ALGORITHM_P_TOLERANCE, `kstwo.sf(${d}, ${n})`);
  }
});

test('closed forms at the ends of the range', () => {
  // n = 1: D₁ = max(U, 1 − U), so P(D₁ ≥ d) = 2(1 − d) for d ≥ ½.
  assert.ok(Math.abs(kolmogorovSmirnovSurvival(1, 0.75) - 0.5) < 1e-15);
  // Ruben & Gambino: P(Dₙ ≥ d) = 1 − n!/nⁿ (2nd − 1)ⁿ for 1/(2n) ≤ d ≤ 1/n; n = 2, d = 3/8: 1 − ½·(½)² = 7/8.
  assert.ok(Math.abs(kolmogorovSmirnovSurvival(2, 0.375) - 0.875) < 1e-15);
  // and P(Dₙ ≥ d) = 2(1 − d)ⁿ for d ≥ 1 − 1/n: n = 4, d = 0.8 gives 2·0.2⁴.
  assert.ok(Math.abs(kolmogorovSmirnovSurvival(4, 0.8) - 2 * 0.2 ** 4) < 1e-15);
  assert.equal(kolmogorovSmirnovSurvival(10, 0), 1);
  assert.equal(kolmogorovSmirnovSurvival(10, 0.04), 1);
  assert.equal(kolmogorovSmirnovSurvival(10, 1), 0);
});

test('decreases in d', () => {
  for (const n of [7, 300, 50000]) {
    let previous = 1;
    for (let d = 0.001; d < 1; d += 0.001) {
      const sf = kolmogorovSmirnovSurvival(n, d);
      assert.ok(sf <= previous + 1e-12, `n = ${n}, d = ${d}`);
      previous = sf;
    }
  }
});

test('n must be a positive integer', () => {
  assert.throws(() => kolmogorovSmirnovSurvival(0, 0.5), RangeError);
  assert.throws(() => kolmogorovSmirnovSurvival(2.5, 0.5), RangeError);
  assert.throws(() => kolmogorovSmirnovSurvival(10, Number.NaN), RangeError);
});
