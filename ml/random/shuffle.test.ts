import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from './seeded-random';
import { shuffleInPlace } from './shuffle';

test('swaps from the end with j = ⌊random·(i + 1)⌋', () => {
  // seededRandom(42) yields 0.601…, 0.448…, 0.852…: swaps 3↔2, 2↔1, then 1↔1.
  const values = Uint32Array.from([0, 1, 2, 3]);
  assert.equal(shuffleInPlace(values, seededRandom(42)), values);
  assert.deepEqual([...values], [0, 3, 1, 2]);
});

test('is a permutation and reproducible from the seed', () => {
  const shuffled = shuffleInPlace(Uint32Array.from({ length: 50 }, (_, i) => i), seededRandom(3));
  assert.deepEqual([...shuffled].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual(shuffleInPlace(Uint32Array.from({ length: 50 }, (_, i) => i), seededRandom(3)), shuffled);
});
