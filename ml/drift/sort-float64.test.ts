import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../random/seeded-random';
import { RADIX_SORT_MIN_VALUES, sortFloat64InPlace } from './sort-float64';

function assertSortedLikeBuiltin(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const sorted = sortFloat64InPlace(values);
  assert.equal(sorted, values, 'sorts in place');
  for (let i = 0; i < expected.length; i += 1) {
    if (!Object.is(sorted[i], expected[i])) assert.fail(`index ${i}: ${sorted[i]}, expected ${expected[i]}`);
  }
}

test('large arrays (the radix sort) come out in TypedArray.prototype.sort order', () => {
  const random = seededRandom(11);
  const n = RADIX_SORT_MIN_VALUES * 2 + 7;
  const values = Float64Array.from({ length: n }, () => (random() - 0.4) * 10 ** Math.floor(random() * 12 - 6));
  // Signed zeros, infinities, subnormals, the extremes and ties, at random places.
  const specials = [-0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, 1, 1];
  specials.forEach((value, i) => (values[Math.floor(random() * n) + (i % 2)] = value));
  assertSortedLikeBuiltin(values);
});

test('values of one magnitude (passes with a single digit are skipped) and integers with many ties', () => {
  const random = seededRandom(3);
  assertSortedLikeBuiltin(Float64Array.from({ length: RADIX_SORT_MIN_VALUES + 1 }, () => 1 + random()));
  assertSortedLikeBuiltin(Float64Array.from({ length: RADIX_SORT_MIN_VALUES * 3 }, () => Math.floor(random() * 200) - 20));
  assertSortedLikeBuiltin(new Float64Array(RADIX_SORT_MIN_VALUES).fill(-2.5));
});

test('a view into a larger buffer sorts only its own values', () => {
  const random = seededRandom(5);
  const buffer = Float64Array.from({ length: RADIX_SORT_MIN_VALUES + 10 }, () => random());
  const before = Float64Array.from(buffer);
  const view = buffer.subarray(5, buffer.length - 5);
  assertSortedLikeBuiltin(view);
  assert.deepEqual([...buffer.subarray(0, 5)], [...before.subarray(0, 5)]);
  assert.deepEqual([...buffer.subarray(buffer.length - 5)], [...before.subarray(before.length - 5)]);
});

test('small arrays sort too', () => {
  assertSortedLikeBuiltin(Float64Array.from([3, -0, 0, -1, 2.5, -Infinity]));
  assertSortedLikeBuiltin(new Float64Array(0));
});
