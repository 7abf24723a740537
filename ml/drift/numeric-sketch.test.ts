import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../random/seeded-random';
import { standardNormal } from '../random/standard-normal';
import { binnedWassersteinNormalised } from './binned-wasserstein';
import { ksTwoSample } from './ks-two-sample';
import { binnedColumnsOfSketches, ksDistanceOfSketches, mergeNumericSketches, sketchOfValues, sketchQuantile, type NumericSketch } from './numeric-sketch';
import { wassersteinNormalised } from './wasserstein-normalised';

const random = seededRandom(17);
const normal = (n: number, mean = 0, sd = 1) => Float64Array.from({ length: n }, () => mean + sd * standardNormal(random));

/** Several shapes: symmetric, skewed and heavy-tailed, discrete, two modes, far from zero, with missing values. */
const DISTRIBUTIONS: Record<string, Float64Array> = {
  normal: normal(60_000),
  'log-normal': normal(60_000).map(Math.exp),
  'integers 0..99 999': Float64Array.from({ length: 60_000 }, () => Math.floor(random() * 100_000)),
  bimodal: Float64Array.from({ length: 60_000 }, (_, i) => (i % 3 === 0 ? -50 : 50) + standardNormal(random)),
  'normal around 10⁶': normal(60_000, 1e6, 3),
  'Cauchy with missing values': Float64Array.from({ length: 60_000 }, (_, i) => (i % 10 === 0 ? Number.NaN : Math.tan(Math.PI * (random() - 0.5)))),
};

const sortedPresent = (values: Float64Array) => values.filter((value) => !Number.isNaN(value)).sort();
const partsOf = (values: Float64Array, parts: number) => Array.from({ length: parts }, (_, p) => values.subarray((p * values.length) / parts, ((p + 1) * values.length) / parts));
const mergedSketch = (values: Float64Array, parts = 6) => partsOf(values, parts).map((part) => sketchOfValues(part)).reduce((a, b) => mergeNumericSketches(a, b));

for (const [name, values] of Object.entries(DISTRIBUTIONS)) {
  test(`${name}: every exact quantile lies in the interval the merged sketch gives, of one bucket's width`, () => {
    const sketch = mergedSketch(values);
    const sorted = sortedPresent(values);
    assert.ok(sketch.buckets.length <= 2048);
    for (const q of [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1]) {
      const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
      const { low, high } = sketchQuantile(sketch, q);
      assert.ok(low <= exact && exact <= high, `q=${q}: ${exact} outside [${low}, ${high}]`);
      assert.ok(high - low <= 2 ** sketch.exponent, `q=${q}: interval wider than a bucket`);
    }
  });

  test(`${name}: count, missing values, extremes, mean and variance of the merge are exact`, () => {
    const sketch = mergedSketch(values);
    const sorted = sortedPresent(values);
    const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
    const variance = sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / sorted.length;
    assert.deepEqual([sketch.count, sketch.missing, sketch.min, sketch.max], [sorted.length, values.length - sorted.length, sorted[0], sorted[sorted.length - 1]]);
    assert.ok(Math.abs(sketch.mean - mean) <= 1e-9 * Math.max(1, Math.abs(mean)), `${sketch.mean} vs ${mean}`);
    assert.ok(Math.abs(sketch.sumSquaredDeviations / sketch.count - variance) <= 1e-9 * variance, 'variance');
  });
}

test('the normalised Wasserstein distance of two merged sketches is within its reported bound of the exact one, on every distribution', () => {
  for (const [name, reference] of Object.entries(DISTRIBUTIONS)) {
    for (const shift of [0, 0.05, 0.5]) {
      const spread = Math.sqrt(mergedSketch(reference).sumSquaredDeviations / mergedSketch(reference).count);
      const current = reference.map((value, i) => value * (i % 2 === 0 ? 1 : 1.01) + shift * spread);
      const exact = wassersteinNormalised(reference, current).statistic;
      const bins = binnedColumnsOfSketches(mergedSketch(reference), mergedSketch(current, 5));
      const { statistic, errorBound } = binnedWassersteinNormalised(bins.reference, bins.current);
      assert.ok(Math.abs(statistic - exact) <= errorBound + 1e-12, `${name}, shift ${shift}: ${statistic} ± ${errorBound} misses ${exact}`);
      if (name !== 'Cauchy with missing values') assert.ok(errorBound < 0.03, `${name}: bound ${errorBound} too loose to judge the 0.1 threshold`);
    }
  }
});

test('the Kolmogorov–Smirnov distance of two merged sketches is within its reported bound of the exact one', () => {
  for (const [name, reference] of Object.entries(DISTRIBUTIONS)) {
    const current = reference.map((value) => value * 1.002 + 0.001);
    const exact = ksTwoSample(reference, current).statistic;
    const { statistic, errorBound } = ksDistanceOfSketches(mergedSketch(reference), mergedSketch(current, 4));
    assert.ok(statistic <= exact + 1e-12 && exact <= statistic + errorBound + 1e-12, `${name}: ${statistic} + ${errorBound} misses ${exact}`);
  }
});

test('merging is associative and commutative: any order and grouping of the parts gives the same buckets', () => {
  for (const values of Object.values(DISTRIBUTIONS)) {
    const parts = partsOf(values, 5).map((part) => sketchOfValues(part));
    const inOrder = parts.reduce((a, b) => mergeNumericSketches(a, b));
    const reversed = [...parts].reverse().reduce((a, b) => mergeNumericSketches(a, b));
    const paired = mergeNumericSketches(mergeNumericSketches(parts[0], parts[3]), mergeNumericSketches(mergeNumericSketches(parts[4], parts[1]), parts[2]));
    const whole = sketchOfValues(values);
    for (const other of [reversed, paired]) {
      assert.deepEqual(bucketsOf(other), bucketsOf(inOrder));
      assert.deepEqual([other.count, other.missing, other.min, other.max], [inOrder.count, inOrder.missing, inOrder.min, inOrder.max]);
      assert.ok(Math.abs(other.mean - inOrder.mean) <= 1e-12 * Math.max(1, Math.abs(inOrder.mean)));
    }
    // The parts may be finer than the whole: their merge is never coarser than the sketch of all the values at once.
    assert.ok(inOrder.exponent <= Math.max(whole.exponent, ...parts.map((part) => part.exponent)));
  }
});

test('the same values always give the same sketch (no sampling, no seed)', () => {
  assert.deepEqual(sketchOfValues(DISTRIBUTIONS.normal), sketchOfValues(Float64Array.from(DISTRIBUTIONS.normal)));
});

test('integers of a small range keep a bucket per integer: their quantiles are exact', () => {
  const dice = Float64Array.from({ length: 1000 }, (_, i) => (i % 6) + 1);
  const sketch = sketchOfValues(dice);
  assert.deepEqual(sketch.buckets.map(([, count]) => count), [167, 167, 167, 167, 166, 166]);
  const median = sketchQuantile(sketch, 0.5);
  assert.ok(median.high - median.low <= 1 && median.high === 3, JSON.stringify(median));
});

test('a part without values merges as nothing but its missing count; infinite values are refused', () => {
  const sketch = sketchOfValues(Float64Array.from([1e-6, 2e-6, 3e-6]));
  const merged = mergeNumericSketches(sketchOfValues(Float64Array.from([Number.NaN])), sketch);
  assert.deepEqual({ ...merged, missing: 0 }, sketch);
  assert.equal(merged.missing, 1);
  assert.throws(() => sketchOfValues(Float64Array.from([1, Infinity])), /finite values/);
});

function bucketsOf(sketch: NumericSketch): { exponent: number; buckets: [number, number][] } {
  return { exponent: sketch.exponent, buckets: sketch.buckets };
}
