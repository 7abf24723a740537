import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stratifiedTrainTestSplit } from './stratified-split';

const labels = [...Array(60).fill('a'), ...Array(30).fill('b'), ...Array(10).fill('c')].map(String);
// Interleave so that classes are not stored in blocks.
const shuffledLabels = labels.map((_, i) => labels[(i * 37) % 100]);

function classCounts(rows: Uint32Array, of: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[of[row]] = (counts[of[row]] ?? 0) + 1;
  return counts;
}

test('represents every class in proportion', () => {
  const split = stratifiedTrainTestSplit(shuffledLabels, { testFraction: 0.2, seed: 5 });
  assert.deepEqual(classCounts(split.test, shuffledLabels), { a: 12, b: 6, c: 2 });
  assert.deepEqual(classCounts(split.train, shuffledLabels), { a: 48, b: 24, c: 8 });
});

test('is deterministic, disjoint, exhaustive and sorted, and depends on the seed', () => {
  const first = stratifiedTrainTestSplit(shuffledLabels, { testFraction: 0.3, seed: 1 });
  assert.deepEqual(stratifiedTrainTestSplit(shuffledLabels, { testFraction: 0.3, seed: 1 }), first);
  assert.deepEqual(
    [...first.train, ...first.test].sort((a, b) => a - b),
    Array.from({ length: 100 }, (_, i) => i),
  );
  for (const part of [first.train, first.test]) {
    for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i]);
  }
  assert.notDeepEqual(stratifiedTrainTestSplit(shuffledLabels, { testFraction: 0.3, seed: 2 }).test, first.test);
});

test('a class with a single row stays in training', () => {
  const few = ['x', 'y', 'y', 'y', 'z', 'z'];
  for (let seed = 0; seed < 20; seed++) {
    const split = stratifiedTrainTestSplit(few, { testFraction: 0.5, seed });
    assert.ok(split.train.includes(0), `seed ${seed}`);
    assert.equal(split.test.length, 3);
    // y and z each keep a row in training.
    assert.deepEqual(Object.keys(classCounts(split.train, few)).sort(), ['x', 'y', 'z']);
  }
});

test('rejects too few rows, fractions outside (0, 1) and data that cannot spare a test row', () => {
  assert.throws(() => stratifiedTrainTestSplit(['a'], { testFraction: 0.5, seed: 1 }), RangeError);
  for (const testFraction of [0, 1, Number.NaN]) {
    assert.throws(() => stratifiedTrainTestSplit(labels, { testFraction, seed: 1 }), /testFraction must be strictly between 0 and 1/);
  }
  assert.throws(() => stratifiedTrainTestSplit(['a', 'b', 'c'], { testFraction: 0.5, seed: 1 }), /every class has a single row/);
});
