import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIFFERENT_ALGORITHM_P_TOLERANCE, assertRelativelyClose, scipyValues } from './fixtures/scipy-fixtures';
import { regularizedGammaQ } from './regularized-gamma-q';

test('matches scipy.special.gammaincc on both sides of x = a + 1 and far into the tail', () => {
  for (const { a, x, q } of scipyValues.regularizedGammaQ) {
    const actual = regularizedGammaQ(a, x);
    if (q === 0) assert.ok(actual < 1e-300, `Q(${a}, ${x}) = ${actual}`);
    // The NR series and continued fraction agree with Cephes far closer than the 1e-6 allowed.
    else assertRelativelyClose(actual, q, DIFFERENT_ALGORITHM_P_TOLERANCE / 1000, `Q(${a}, ${x})`);
  }
});

test('known values', () => {
  // Q(1, x) = e^{−x}.
  for (const x of [0.2, 1, 5, 40]) assert.ok(Math.abs(regularizedGammaQ(1, x) / Math.exp(-x) - 1) < 1e-14, `Q(1, ${x})`);
  // Q(½, z²/2) = erfc(z/√2): the two-sided normal tail at z = 1.959963984540054 is 0.05.
  assert.ok(Math.abs(regularizedGammaQ(0.5, 1.959963984540054 ** 2 / 2) - 0.05) < 1e-15);
  // Chi-square with 2 degrees of freedom: P(χ²₂ ≥ s) = e^{−s/2}.
  assert.ok(Math.abs(regularizedGammaQ(1, 5.991464547107979 / 2) - 0.05) < 1e-15);
  assert.equal(regularizedGammaQ(3, 0), 1);
});

test('a must be positive and x non-negative', () => {
  assert.throws(() => regularizedGammaQ(0, 1), RangeError);
  assert.throws(() => regularizedGammaQ(1, -1), RangeError);
  assert.throws(() => regularizedGammaQ(Number.NaN, 1), RangeError);
});
