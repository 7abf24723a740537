import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../random/seeded-random';
import { numericSample, scipyValues } from './fixtures/scipy-fixtures';
import { addToKsCurrentCounts, emptyKsCurrentCounts, ksTwoSampleFromCounts, type KsCurrentCounts } from './ks-two-sample-from-counts';
import { ksTwoSample } from './ks-two-sample';

/** Counts `current` at the reference's distinct values in chunks of `chunkSize`. */
function counted(reference: Float64Array, current: Float64Array, chunkSize: number): KsCurrentCounts {
  let counts = emptyKsCurrentCounts(reference);
  for (let start = 0; start < current.length; start += chunkSize) counts = addToKsCurrentCounts(counts, current.subarray(start, start + chunkSize));
  return counts;
}

const rounded = (random: () => number, n: number, scale: number, shift: number, decimals: number) =>
  Float64Array.from({ length: n }, () => Number(((random() + random() + random()) * scale + shift).toFixed(decimals)));

test('equals ksTwoSample on the values: statistic, p-value, method and sizes, for samples with and without ties', () => {
  const random = seededRandom(7);
  const cases: [string, Float64Array, Float64Array][] = [
    ['the worked example {1, 2, 2, 3} vs {2, 3, 3}', Float64Array.from([1, 2, 2, 3]), Float64Array.from([2, 3, 3])],
    ['current entirely below and above the reference', Float64Array.from([5, 6, 7, 8]), Float64Array.from([1, 2, 9, 10, 11])],
    ['heavy ties: values rounded to integers', rounded(random, 300, 4, 0, 0), rounded(random, 250, 4, 1, 0)],
    ['continuous values, none shared', rounded(random, 400, 10, 0, 9), rounded(random, 380, 10, 0.5, 9)],
    ['equal sizes (the exact method for n₁ = n₂)', rounded(random, 200, 3, 0, 1), rounded(random, 200, 3, 0.2, 1)],
    ['missing values on both sides', Float64Array.from([1, Number.NaN, 2, 3, 3, 4]), Float64Array.from([Number.NaN, 3, 3, 5, Number.NaN])],
    ['a current sample past the exact limit (asymptotic p-value)', rounded(random, 900, 5, 0, 2), rounded(random, 25_000, 5, 0.05, 2)],
  ];
  for (const [name, reference, current] of cases) {
    for (const chunkSize of [1, 7, current.length]) {
      assert.deepEqual(ksTwoSampleFromCounts(reference, counted(reference, current, chunkSize)), ksTwoSample(reference, current), `${name}, chunks of ${chunkSize}`);
    }
  }
});

test('Seattle’s daily highs, 2012 vs 2015: the same D and p as scipy’s fixture gives ksTwoSample', () => {
  const c = scipyValues.ksTwoSample.find((row) => row.name === 'seattle temp_max 2012 vs 2015')!;
  const reference = numericSample(c.reference);
  const current = numericSample(c.current);
  const fromCounts = ksTwoSampleFromCounts(reference, counted(reference, current, 50));
  assert.deepEqual(fromCounts, ksTwoSample(reference, current));
  assert.ok(fromCounts.pValue < 0.05);
});

test('memory depends on the reference only: a reference of 3 distinct values keeps 7 counts', () => {
  const counts = counted(Float64Array.from([1, 1, 2, 3, 3, 3]), Float64Array.from({ length: 10_000 }, (_, i) => i % 5), 1000);
  assert.deepEqual([...counts.steps], [1, 2, 3]);
  assert.deepEqual([...counts.between], [2000, 0, 0, 2000]);
  assert.deepEqual([...counts.at], [2000, 2000, 2000]);
  assert.equal(counts.count, 10_000);
});

test('an all-missing current sample, an infinite value and a foreign reference are RangeErrors', () => {
  const reference = Float64Array.from([1, 2, 3]);
  assert.throws(() => ksTwoSampleFromCounts(reference, counted(reference, Float64Array.from([Number.NaN]), 1)), { name: 'RangeError', message: /^current has no values/ });
  assert.throws(() => addToKsCurrentCounts(emptyKsCurrentCounts(reference), [Infinity]), { name: 'RangeError', message: /infinite/ });
  assert.throws(() => ksTwoSampleFromCounts(Float64Array.from([1, 2, 4]), counted(reference, reference, 3)), { name: 'RangeError', message: /another reference/ });
  assert.throws(() => emptyKsCurrentCounts(Float64Array.from([Number.NaN])), { name: 'RangeError', message: /^reference has no values/ });
});
