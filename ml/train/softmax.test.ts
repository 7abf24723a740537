import { test } from 'node:test';
import assert from 'node:assert/strict';
import { softmaxInPlace } from './softmax';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-15, `${actual} ≉ ${expected}`);

test('computes softmax of a slice only', () => {
  const values = Float64Array.from([9, 1, 2, 3, 9]);
  softmaxInPlace(values, 1, 3);
  // e^{-2}, e^{-1}, 1 normalised.
  close(values[1], 0.09003057317038046);
  close(values[2], 0.24472847105479764);
  close(values[3], 0.6652409557748218);
  assert.equal(values[0], 9);
  assert.equal(values[4], 9);
});

test('does not overflow on large scores', () => {
  // Naively exp(1000) is Infinity; the result equals softmax(0, 1) = (1, e) / (1 + e).
  const values = Float64Array.from([1000, 1001]);
  softmaxInPlace(values, 0, 2);
  close(values[0], 0.2689414213699951);
  close(values[1], 0.7310585786300049);
});
