import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { defaultDriftTest, driftTestRule } from './default-drift-test';

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

describe('driftTestRule', () => {
  it('names the row of the table that chose each default test, for every kind, size and number of values', () => {
    for (const kind of ['numeric', 'categorical'] as const) {
      for (const referenceSize of [10, 1000, 1001, 50_000]) {
        for (const distinctValues of [1, 2, 3, 5, 6, 40]) {
          const rule = driftTestRule(kind, defaultDriftTest(kind, referenceSize, distinctValues));
          const size = referenceSize <= 1000 ? 'SMALL_REFERENCE' : 'LARGE_REFERENCE';
          const continuous = kind === 'numeric' && distinctValues > 5;
          const expected = continuous
            ? `${size}_NUMERIC`
            : size === 'SMALL_REFERENCE' && distinctValues <= 2
              ? 'SMALL_REFERENCE_TWO_VALUES'
              : `${size}_${kind === 'numeric' ? 'NUMERIC_FEW_VALUES' : 'CATEGORICAL'}`;
          assert.equal(rule, expected, `${kind}, ${referenceSize} rows, ${distinctValues} values`);
        }
      }
    }
  });

  it('has no rule for tests only ever chosen explicitly', () => {
    assert.equal(driftTestRule('numeric', 'psi'), null);
    assert.equal(driftTestRule('categorical', 'l_infinity'), null);
  });
});
