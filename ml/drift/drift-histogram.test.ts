import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryCounts } from './category-counts';
import { addToHistogram, categoricalDriftHistogram, emptyHistogramOverReference, numericDriftHistogram } from './drift-histogram';

test('equal-width bins over the reference range; outside values clamped; chunk by chunk equals all at once', () => {
  const reference = Float64Array.from([0, 1, 2, 3, 4, Number.NaN]);
  const empty = emptyHistogramOverReference(reference, 4);
  assert.deepEqual([...empty.edges], [0, 1, 2, 3, 4]);
  const current = Float64Array.from([-3, 0.5, 1, 1.999, 3.5, 4, 9, Number.NaN]);
  const whole = addToHistogram(empty, current);
  assert.deepEqual([...whole.counts], [2, 2, 0, 3]);
  assert.deepEqual(addToHistogram(addToHistogram(empty, current.subarray(0, 3)), current.subarray(3)), whole);
  assert.deepEqual([...empty.counts], [0, 0, 0, 0], 'the input is unchanged');
  assert.deepEqual(numericDriftHistogram(addToHistogram(empty, reference), whole), {
    kind: 'numeric',
    edges: [0, 1, 2, 3, 4],
    reference: [1, 1, 1, 2],
    current: [2, 2, 0, 3],
  });
});

test('bin edges decide where a value falls, not rounding in the division', () => {
  const histogram = emptyHistogramOverReference(Float64Array.from([0, 0.3]), 3);
  const edges = [...histogram.edges];
  assert.deepEqual([...addToHistogram(histogram, edges).counts], [1, 1, 2]);
});

test('a constant reference gets one bin that holds every value', () => {
  const histogram = emptyHistogramOverReference(Float64Array.from([5, 5]));
  assert.deepEqual([...histogram.edges], [5, 5]);
  assert.deepEqual([...addToHistogram(histogram, [1, 5, 9]).counts], [3]);
  assert.throws(() => emptyHistogramOverReference(Float64Array.from([Number.NaN])), { name: 'RangeError' });
});

test('categorical: the most frequent categories over both samples, the rest as other', () => {
  const counts = categoryCounts(['a', 'b', 'b', 'c', 'd', 'd', 'd'], ['a', 'a', 'c', 'c', 'c', 'e']);
  assert.deepEqual(categoricalDriftHistogram(counts, 3), {
    kind: 'categorical',
    categories: ['c', 'a', 'd'],
    reference: [1, 1, 3],
    current: [3, 2, 0],
    referenceOther: 2,
    currentOther: 1,
  });
  assert.deepEqual(categoricalDriftHistogram(counts).categories, ['c', 'a', 'd', 'b', 'e']);
});
