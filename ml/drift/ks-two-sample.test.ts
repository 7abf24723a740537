import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DIFFERENT_ALGORITHM_P_TOLERANCE,
  SAME_ALGORITHM_P_TOLERANCE,
  VALUE_TOLERANCE,
  assertClose,
  assertRelativelyClose,
  numericSample,
  scipyValues,
} from './fixtures/scipy-fixtures';
import { KS_EXACT_MAX_SIZE, ksTwoSample } from './ks-two-sample';

test('matches scipy.stats.ks_2samp(method="auto"): exact p-values up to 10000 values, asymptotic above', () => {
  const cases = scipyValues.ksTwoSample;
  assert.ok(cases.some((c) => c.method === 'exact') && cases.some((c) => c.method === 'asymptotic'));
  for (const c of cases) {
    const result = ksTwoSample(numericSample(c.reference), numericSample(c.current));
    assert.equal(result.method, c.method, c.name);
    assert.deepEqual(
      [result.referenceSize, result.currentSize, result.referenceMissing, result.currentMissing],
      [c.referenceSize, c.currentSize, c.referenceMissing, c.currentMissing],
      c.name,
    );
    assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, `${c.name}: D`);
    const tolerance = c.method === 'exact' ? SAME_ALGORITHM_P_TOLERANCE : DIFFERENT_ALGORITHM_P_TOLERANCE;
    assertRelativelyClose(result.pValue, c.pValue, tolerance, `${c.name}: p`);
  }
});

test('real data: Seattle’s daily highs of 2015 differ from 2012’s', () => {
  const c = scipyValues.ksTwoSample.find((row) => row.name === 'seattle temp_max 2012 vs 2015')!;
  const result = ksTwoSample(numericSample(c.reference), numericSample(c.current));
  assert.ok(result.pValue < 0.05);
  assert.equal(result.method, 'exact');
});

test('the statistic is the largest gap between the empirical CDFs, ties taken together', () => {
  // F₁ − F₂ after each distinct value of {1, 2, 2, 3} and {2, 3, 3}: ¼, ¾ − ⅓, 1 − 1; D = 5/12.
  const result = ksTwoSample(Float64Array.from([1, 2, 2, 3]), Float64Array.from([2, 3, 3]));
  assert.ok(Math.abs(result.statistic - 5 / 12) < 1e-15);
});

test(`switches to the asymptotic distribution above ${KS_EXACT_MAX_SIZE} values`, () => {
  const values = (n: number, shift: number) => Float64Array.from({ length: n }, (_, i) => (i * 0.618034) % 1 + shift);
  assert.equal(ksTwoSample(values(KS_EXACT_MAX_SIZE, 0), values(50, 0.1)).method, 'exact');
  assert.equal(ksTwoSample(values(KS_EXACT_MAX_SIZE + 1, 0), values(50, 0.1)).method, 'asymptotic');
});

test('empty samples are a RangeError naming the argument', () => {
  assert.throws(() => ksTwoSample(new Float64Array(0), Float64Array.from([1])), { name: 'RangeError', message: /^reference/ });
  assert.throws(() => ksTwoSample(Float64Array.from([1]), Float64Array.from([Number.NaN])), { name: 'RangeError', message: /^current/ });
});
