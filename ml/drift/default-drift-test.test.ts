import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultDriftTest } from './default-drift-test';

test('Evidently’s default tests by reference size, column kind and distinct values', () => {
  const cases: [Parameters<typeof defaultDriftTest>, string][] = [
    [['numeric', 1000, 6], 'ks'],
    [['numeric', 1000, 5], 'chi_square'],
    [['numeric', 1000, 3], 'chi_square'],
    [['numeric', 1000, 2], 'z_test'],
    [['numeric', 10, 1], 'z_test'],
    [['categorical', 1000, 40], 'chi_square'],
    [['categorical', 1000, 3], 'chi_square'],
    [['categorical', 1000, 2], 'z_test'],
    [['numeric', 1001, 6], 'wasserstein'],
    [['numeric', 1001, 5], 'jensen_shannon'],
    [['numeric', 1001, 2], 'jensen_shannon'],
    [['categorical', 1001, 40], 'jensen_shannon'],
    [['categorical', 1001, 2], 'jensen_shannon'],
  ];
  for (const [args, expected] of cases) assert.equal(defaultDriftTest(...args), expected, JSON.stringify(args));
});
