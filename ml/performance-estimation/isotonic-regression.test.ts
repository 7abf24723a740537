import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitIsotonic, predictIsotonic } from './isotonic-regression';

describe('fitIsotonic', () => {
  it('pools adjacent violators into their weighted mean (scikit-learn IsotonicRegression gives the same)', () => {
    // sklearn: IsotonicRegression().fit([1,2,3,4,5,6], [1,3,2,4,3,5]).predict(...) = [1, 2.5, 2.5, 3.5, 3.5, 5]
    const fit = fitIsotonic([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 3, 5]);
    assert.deepEqual([...fit.y], [1, 2.5, 2.5, 3.5, 3.5, 5]);
  });

  it('pools tied x first and keeps the fitted values non-decreasing', () => {
    const fit = fitIsotonic([0.2, 0.2, 0.1, 0.9, 0.5], [1, 0, 1, 0, 1]);
    assert.deepEqual([...fit.x], [0.1, 0.2, 0.5, 0.9]);
    for (let i = 1; i < fit.y.length; i++) assert.ok(fit.y[i] >= fit.y[i - 1]);
    // 0.1 → 1 and 0.2 → ½ violate the order: pooled to 2/3; then 0.5 → 1 and 0.9 → 0 pool to ½, below 2/3, so all pool to 3/5.
    assert.deepEqual([...fit.y].map((v) => Number(v.toFixed(12))), [0.6, 0.6, 0.6, 0.6]);
  });

  it('interpolates between fitted points and clips outside them', () => {
    const fit = fitIsotonic([0, 1], [0.2, 0.8]);
    assert.equal(predictIsotonic(fit, -1), 0.2);
    assert.equal(predictIsotonic(fit, 2), 0.8);
    assert.ok(Math.abs(predictIsotonic(fit, 0.25) - 0.35) < 1e-12);
  });

  it('refuses rows that do not pair up, or none', () => {
    assert.throws(() => fitIsotonic([1, 2], [1]), /one entry per row/);
    assert.throws(() => fitIsotonic([], []), /at least one row/);
  });
});
