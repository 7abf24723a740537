import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DRIFT_TESTS, driftThreshold } from './drift-tests';

test('defaults: p < 0.05 for the tests, ≥ 0.1 for the distances', () => {
  for (const test of ['ks', 'chi_square', 'z_test'] as const) assert.deepEqual([DRIFT_TESTS[test].score, DRIFT_TESTS[test].defaultThreshold], ['p_value', 0.05]);
  for (const test of ['wasserstein', 'jensen_shannon', 'psi', 'l_infinity'] as const) {
    assert.deepEqual([DRIFT_TESTS[test].score, DRIFT_TESTS[test].defaultThreshold], ['distance', 0.1]);
  }
  assert.equal(driftThreshold('x', 'ks', undefined), 0.05);
  assert.equal(driftThreshold('x', 'psi', 0.25), 0.25);
});

test('a p-value threshold must lie in (0, 1), a distance threshold be finite and ≥ 0', () => {
  assert.throws(() => driftThreshold('age', 'ks', 0), { name: 'RangeError', message: /^column age: the ks threshold must be a p-value/ });
  assert.throws(() => driftThreshold('age', 'chi_square', 1), RangeError);
  assert.throws(() => driftThreshold('age', 'wasserstein', -0.1), { name: 'RangeError', message: /a finite distance/ });
  assert.throws(() => driftThreshold('age', 'psi', Number.NaN), RangeError);
  assert.equal(driftThreshold('age', 'l_infinity', 0), 0);
});
