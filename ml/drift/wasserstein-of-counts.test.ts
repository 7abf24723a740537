import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../random/seeded-random';
import { addToCategoryTally, categoryTallyOf, emptyCategoryTally } from './category-tally';
import { numericSample, scipyValues } from './fixtures/scipy-fixtures';
import { sortedPresentValues } from './present-values';
import { wassersteinNormalised } from './wasserstein-normalised';
import { valueCountsOfTally, wassersteinNormalisedOfCounts, type ValueCounts } from './wasserstein-of-counts';

function ofCounts(reference: Float64Array, current: Float64Array) {
  return wassersteinNormalisedOfCounts(sortedPresentValues(reference, 'reference'), valueCountsOfTally(categoryTallyOf(current)));
}

/** Whole minutes of delay: most near zero, a long right tail, some early, some missing. */
function delays(seed: number, n: number, tail: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: n }, () => (random() < 0.01 ? Number.NaN : Math.round(-8 + 10 * random() - tail * Math.log(1 - random()))));
}

test('equals wassersteinNormalised on the values for scipy’s cases, the Seattle weather’s tied decimals among them', () => {
  for (const c of scipyValues.wasserstein) {
    const reference = numericSample(c.reference);
    const current = numericSample(c.current);
    assert.deepEqual(ofCounts(reference, current), wassersteinNormalised(reference, current), c.name);
  }
});

test('equals wassersteinNormalised on heavily tied integer samples, shifted, wider and inside or outside the reference', () => {
  const reference = delays(1, 20_000, 12);
  for (const [seed, tail] of [
    [2, 12],
    [3, 15],
    [4, 40],
    [5, 2],
  ] as const) {
    const current = delays(seed, 30_000, tail);
    const exact = wassersteinNormalised(reference, current);
    const counted = ofCounts(reference, current);
    assert.ok(Math.abs(counted.statistic - exact.statistic) <= 1e-12, `tail ${tail}: ${counted.statistic} vs ${exact.statistic}`);
    assert.deepEqual(counted, exact, `tail ${tail}`);
  }
  assert.deepEqual(ofCounts(reference, Float64Array.from([500, 500, Number.NaN])), wassersteinNormalised(reference, Float64Array.from([500, 500, Number.NaN])));
  assert.deepEqual(ofCounts(reference, Float64Array.from([-100, 0, 0])), wassersteinNormalised(reference, Float64Array.from([-100, 0, 0])));
});

test('a sample tallied chunk by chunk gives the same counts, and the same distance, as the whole sample', () => {
  const reference = delays(6, 5000, 10);
  const current = delays(7, 40_000, 14);
  const tally = emptyCategoryTally();
  for (let start = 0; start < current.length; start += 997) addToCategoryTally(tally, current.subarray(start, start + 997));
  const counts = valueCountsOfTally(tally);
  assert.deepEqual(counts, valueCountsOfTally(categoryTallyOf(current)));
  assert.equal(counts.counts.reduce((sum, count) => sum + count, 0) + counts.missing, 40_000);
  assert.deepEqual(wassersteinNormalisedOfCounts(sortedPresentValues(reference, 'reference'), counts), wassersteinNormalised(reference, current));
});

test('scipy’s documented example from counts: W₁([0, 1, 3], [5, 6, 8]) = 5; W₁([0, 0, 1, 1], 3 × [1]) = 0.5', () => {
  const counts = (values: number[], counts: number[]): ValueCounts => ({ values: Float64Array.from(values), counts: Float64Array.from(counts), missing: 0 });
  const scipyExample = wassersteinNormalisedOfCounts(sortedPresentValues(Float64Array.from([0, 1, 3]), 'reference'), counts([5, 6, 8], [1, 1, 1]));
  assert.equal(scipyExample.distance, 5);
  assert.equal(scipyExample.currentSize, 3);
  // Half the reference's mass moves from 0 to 1.
  const halfMoved = wassersteinNormalisedOfCounts(sortedPresentValues(Float64Array.from([0, 0, 1, 1]), 'reference'), counts([1], [3]));
  assert.deepEqual([halfMoved.distance, halfMoved.referenceStandardDeviation, halfMoved.statistic], [0.5, 0.5, 1]);
});

test('counts that are not distinct ascending values with whole counts, or hold nothing, are refused', () => {
  const reference = sortedPresentValues(Float64Array.from([1, 2, 3]), 'reference');
  const counts = (values: number[], counts: number[], missing = 0): ValueCounts => ({ values: Float64Array.from(values), counts: Float64Array.from(counts), missing });
  assert.throws(() => wassersteinNormalisedOfCounts(reference, counts([], [], 4)), { name: 'RangeError', message: 'current has no values to compare (4 given, all missing)' });
  assert.throws(() => wassersteinNormalisedOfCounts(reference, counts([2, 1], [1, 1])), { name: 'RangeError', message: /distinct and ascending \(2 then 1\)/ });
  assert.throws(() => wassersteinNormalisedOfCounts(reference, counts([1, 1], [1, 1])), { name: 'RangeError', message: /distinct and ascending/ });
  assert.throws(() => wassersteinNormalisedOfCounts(reference, counts([1, 2], [1, 0.5])), { name: 'RangeError', message: /count of 2 must be a whole number ≥ 1 \(got 0.5\)/ });
  assert.throws(() => wassersteinNormalisedOfCounts(reference, counts([1, 2], [1])), { name: 'RangeError', message: 'current has 2 values but 1 counts' });
  assert.throws(() => wassersteinNormalisedOfCounts(reference, counts([1, Infinity], [1, 1])), { name: 'RangeError', message: /current holds Infinity/ });
  assert.throws(() => valueCountsOfTally(categoryTallyOf(['a'])), { name: 'TypeError', message: /numbers, not the string "a"/ });
});
