import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../random/seeded-random';
import { categoryTallyOf } from './category-tally';
import { countDistinctNumbers } from './count-distinct-numbers';

function asSortedPairs(counted: { values: Float64Array; counts: Float64Array }): [number, number][] {
  return Array.from(counted.values, (value, i): [number, number] => [value, counted.counts[i]]).sort((a, b) => a[0] - b[0]);
}

test('countDistinctNumbers keeps the counts a Map keeps: -0 is 0, NaN is missing, infinities and tiny values counted apart', () => {
  const random = seededRandom(5);
  const chunks = [
    Float64Array.of(-0, 0, 0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 1, 1, NaN),
    Float64Array.from({ length: 100_000 }, () => Math.round(random() * 3000) * 0.5),
    Float64Array.from({ length: 50_000 }, () => (random() < 0.05 ? NaN : Math.fround(random() * 1e6))),
    new Float64Array(0),
  ];
  for (const chunk of chunks) {
    const counted = countDistinctNumbers(chunk, chunk.length);
    assert.ok(counted);
    const tally = categoryTallyOf(chunk);
    assert.equal(counted.missing, tally.missing);
    assert.deepEqual(asSortedPairs(counted), [...tally.counts.entries()].sort((a, b) => (a[0] as number) - (b[0] as number)));
    assert.ok(counted.values.every((value) => !Object.is(value, -0)), 'no −0 key');
  }
});

test('countDistinctNumbers gives null past the limit, and the counts at it', () => {
  const chunk = Float64Array.from({ length: 1000 }, (_, i) => i % 300);
  assert.equal(countDistinctNumbers(chunk, 299), null);
  assert.equal(countDistinctNumbers(chunk, 300)?.values.length, 300);
});
