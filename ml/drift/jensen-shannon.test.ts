import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jensenShannonDistance } from './jensen-shannon';

test('matches scipy.spatial.distance.jensenshannon(base=2) on known values', () => {
  // scipy: jensenshannon([1,0,0],[0,1,0], base=2) == 1.0
  assert.equal(jensenShannonDistance([1, 0, 0], [0, 1, 0]), 1);
  assert.equal(jensenShannonDistance([3, 1], [6, 2]), 0);
  // Independently, in Python: p=[1,0]; q=[.5,.5]; m=(p+q)/2; sqrt(½KL(p‖m)+½KL(q‖m)) with log2
  // = 0.5579230452841438 (scipy's jensenshannon computes the same formula).
  assert.ok(Math.abs(jensenShannonDistance([1, 0], [1, 1]) - 0.5579230452841438) < 1e-15);
  assert.throws(() => jensenShannonDistance([1], [1, 2]), /categories/);
});
