import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainTestSplit } from './train-test-split';

test('follows Fisher–Yates with the seeded generator', () => {
  // seededRandom(42) yields 0.601…, 0.448…, 0.852…, so the shuffle of [0,1,2,3]
  // swaps 3↔2 (j=⌊0.601·4⌋=2), then 2↔1 (j=⌊0.448·3⌋=1), then keeps 1 (j=⌊0.852·2⌋=1),
  // giving [0,3,1,2].
  const split = trainTestSplit(4, { testFraction: 0.5, seed: 42 });
  assert.deepEqual([...split.test], [0, 3]);
  assert.deepEqual([...split.train], [1, 2]);
});

test('is deterministic, disjoint, exhaustive and sorted', () => {
  const first = trainTestSplit(101, { testFraction: 0.2, seed: 7 });
  const second = trainTestSplit(101, { testFraction: 0.2, seed: 7 });
  assert.deepEqual(first, second);
  assert.equal(first.test.length, 20);
  assert.equal(first.train.length, 81);
  const all = [...first.train, ...first.test].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: 101 }, (_, i) => i));
  for (const part of [first.train, first.test]) {
    for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i]);
  }
  assert.notDeepEqual(trainTestSplit(101, { testFraction: 0.2, seed: 8 }).test, first.test);
});

test('keeps at least one row on each side', () => {
  assert.equal(trainTestSplit(10, { testFraction: 0.01, seed: 1 }).test.length, 1);
  const tiny = trainTestSplit(2, { testFraction: 0.99, seed: 1 });
  assert.equal(tiny.test.length, 1);
  assert.equal(tiny.train.length, 1);
});

test('rejects too few rows and fractions outside (0, 1)', () => {
  assert.throws(() => trainTestSplit(1, { testFraction: 0.5, seed: 1 }), RangeError);
  assert.throws(() => trainTestSplit(2.5, { testFraction: 0.5, seed: 1 }), RangeError);
  for (const testFraction of [0, 1, -0.1, 1.5, Number.NaN]) {
    assert.throws(() => trainTestSplit(10, { testFraction, seed: 1 }), RangeError);
  }
});
