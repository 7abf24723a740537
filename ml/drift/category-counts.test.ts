import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryCounts } from './category-counts';
import { categoricalSample, numericSample, scipyValues } from './fixtures/scipy-fixtures';

test('counts both samples over the union of their categories, missing values left out and counted', () => {
  const counts = categoryCounts(['b', 'a', null, 'b'], ['c', 'b', null, null]);
  assert.deepEqual(counts.categories, ['a', 'b', 'c']);
  assert.deepEqual([...counts.reference], [1, 2, 0]);
  assert.deepEqual([...counts.current], [0, 1, 1]);
  assert.equal(counts.referenceMissing, 1);
  assert.equal(counts.currentMissing, 2);
});

test('numeric columns are counted per distinct value, in numeric order, NaN missing', () => {
  const counts = categoryCounts(Float64Array.from([10, 9, Number.NaN, 10]), Float64Array.from([-1, 9]));
  assert.deepEqual(counts.categories, ['-1', '9', '10']);
  assert.deepEqual([...counts.reference], [0, 1, 2]);
  assert.deepEqual([...counts.current], [1, 1, 0]);
  assert.equal(counts.referenceMissing, 1);
});

test('agrees with the categories and counts the fixture script found in the sample data', () => {
  for (const c of scipyValues.categorical) {
    const sample = 'lcg' in c.reference ? numericSample : categoricalSample;
    const counts = categoryCounts(sample(c.reference), sample(c.current));
    assert.deepEqual(counts.categories, c.categories, c.name);
    assert.deepEqual([...counts.reference], c.referenceCounts, c.name);
    assert.deepEqual([...counts.current], c.currentCounts, c.name);
    assert.deepEqual([counts.referenceMissing, counts.currentMissing], [c.referenceMissing, c.currentMissing], c.name);
  }
});

test('a side with nothing to count is a RangeError naming it', () => {
  assert.throws(() => categoryCounts([null], ['a']), { name: 'RangeError', message: /^reference has no values/ });
  assert.throws(() => categoryCounts(['a'], []), { name: 'RangeError', message: /^current has no values/ });
});
