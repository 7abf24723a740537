import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chiSquareHomogeneity } from './chi-square-homogeneity';
import {
  DIFFERENT_ALGORITHM_P_TOLERANCE,
  VALUE_TOLERANCE,
  assertClose,
  assertRelativelyClose,
  scipyValues,
} from './fixtures/scipy-fixtures';

test('matches scipy.stats.chi2_contingency(correction=False) on real and synthetic tables', () => {
  for (const c of scipyValues.categorical) {
    const result = chiSquareHomogeneity(c.referenceCounts, c.currentCounts);
    assertClose(result.statistic, c.chiSquare.statistic, VALUE_TOLERANCE, `${c.name}: X²`);
    assert.equal(result.degreesOfFreedom, c.chiSquare.degreesOfFreedom, c.name);
    assertRelativelyClose(result.pValue, c.chiSquare.pValue, DIFFERENT_ALGORITHM_P_TOLERANCE, `${c.name}: p`);
  }
});

test('a 2 × 2 table by hand, without Yates’ correction', () => {
  // [[30, 70], [45, 55]]: E = [[37.5, 62.5], [37.5, 62.5]], X² = 2·(7.5²/37.5 + 7.5²/62.5) = 4.8.
  const result = chiSquareHomogeneity([30, 70], [45, 55]);
  assert.ok(Math.abs(result.statistic - 4.8) < 1e-12);
  assert.equal(result.degreesOfFreedom, 1);
  // P(χ²₁ ≥ 4.8) = erfc(√2.4).
  assert.ok(Math.abs(result.pValue - 0.028459736916310638) < 1e-15);
});

test('categories empty on both sides are dropped; one category left means no difference', () => {
  assert.deepEqual(chiSquareHomogeneity([10, 0, 5], [4, 0, 2]), chiSquareHomogeneity([10, 5], [4, 2]));
  assert.deepEqual(chiSquareHomogeneity([3, 0], [5, 0]), { statistic: 0, degreesOfFreedom: 0, pValue: 1 });
});

test('empty or mismatched counts are a RangeError naming the argument', () => {
  assert.throws(() => chiSquareHomogeneity([0, 0], [1, 2]), { name: 'RangeError', message: /^referenceCounts is empty/ });
  assert.throws(() => chiSquareHomogeneity([1, 2], []), { name: 'RangeError', message: /currentCounts has 0/ });
  assert.throws(() => chiSquareHomogeneity([1, -2], [1, 2]), { name: 'RangeError', message: /referenceCounts\[1\]/ });
});
