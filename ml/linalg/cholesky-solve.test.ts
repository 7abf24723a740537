import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choleskySolve } from './cholesky-solve';

test('solves a known symmetric positive-definite system', () => {
  // A = [[4,12,−16],[12,37,−43],[−16,−43,98]] = L Lᵀ with L = [[2,0,0],[6,1,0],[−8,5,3]];
  // b = A·(1, 2, 3).
  const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
  const b = Float64Array.from([4 + 24 - 48, 12 + 74 - 129, -16 - 86 + 294]);
  const x = choleskySolve(a, 3, b);
  [1, 2, 3].forEach((value, i) => assert.ok(Math.abs(x[i] - value) < 1e-12, `x[${i}] = ${x[i]}`));
  assert.deepEqual([...b], [-20, -43, 192]);
});

test('rejects singular and indefinite matrices', () => {
  assert.throws(() => choleskySolve(Float64Array.from([1, 1, 1, 1]), 2, new Float64Array(2)), /not positive definite/);
  assert.throws(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), 2, new Float64Array(2)), /not positive definite/);
  assert.throws(() => choleskySolve(Float64Array.from([0]), 1, new Float64Array(1)), /not positive definite/);
});

test('rejects mismatched shapes', () => {
  assert.throws(() => choleskySolve(new Float64Array(3), 2, new Float64Array(2)), RangeError);
  assert.throws(() => choleskySolve(new Float64Array(4), 2, new Float64Array(3)), RangeError);
});
