import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VALUE_TOLERANCE, assertClose, numericSample, scipyValues } from './fixtures/scipy-fixtures';
import { WASSERSTEIN_MIN_SCALE, wassersteinNormalised } from './wasserstein-normalised';

test('matches scipy.stats.wasserstein_distance / np.std(reference)', () => {
  for (const c of scipyValues.wasserstein) {
    const result = wassersteinNormalised(numericSample(c.reference), numericSample(c.current));
    assertClose(result.distance, c.distance, VALUE_TOLERANCE, `${c.name}: W₁`);
    assertClose(result.referenceStandardDeviation, c.referenceStandardDeviation, VALUE_TOLERANCE, `${c.name}: σ`);
    assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, `${c.name}: W₁/σ`);
    assert.deepEqual(
      [result.referenceSize, result.currentSize, result.referenceMissing, result.currentMissing],
      [c.referenceSize, c.currentSize, c.referenceMissing, c.currentMissing],
    );
  }
});

test('scipy’s documented example: W₁([0, 1, 3], [5, 6, 8]) = 5', () => {
  const result = wassersteinNormalised(Float64Array.from([0, 1, 3]), Float64Array.from([5, 6, 8]));
  assert.equal(result.distance, 5);
  // σ of [0, 1, 3] is √(14/9).
  assert.ok(Math.abs(result.statistic - 5 / Math.sqrt(14 / 9)) < 1e-15);
});

test('a shift by c moves every unit of mass by c: W₁ = |c|', () => {
  const reference = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) * 3);
  const shifted = reference.map((x) => x + 0.75);
  assert.ok(Math.abs(wassersteinNormalised(reference, shifted).distance - 0.75) < 1e-12);
});

test(`a constant reference is scaled by ${WASSERSTEIN_MIN_SCALE}, as Evidently does`, () => {
  const result = wassersteinNormalised(Float64Array.from([2, 2]), Float64Array.from([2, 2.001]));
  assert.equal(result.referenceStandardDeviation, 0);
  assert.ok(Math.abs(result.statistic - 0.0005 / WASSERSTEIN_MIN_SCALE) < 1e-9);
});

test('empty samples are a RangeError naming the argument', () => {
  assert.throws(() => wassersteinNormalised(Float64Array.from([Number.NaN]), Float64Array.from([1])), { name: 'RangeError', message: /^reference/ });
  assert.throws(() => wassersteinNormalised(Float64Array.from([1]), new Float64Array(0)), { name: 'RangeError', message: /^current/ });
});
