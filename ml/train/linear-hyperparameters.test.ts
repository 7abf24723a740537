import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hyperparameterDefaults, resolveHyperparameters, type LinearHyperparameters } from './linear-hyperparameters';

test('defaults differ only in l2 between tasks', () => {
  const shared = { learningRate: 0.5, maxIterations: 500, tolerance: 1e-6 };
  assert.deepEqual(hyperparameterDefaults('CLASSIFICATION'), { ...shared, l2: 1e-4 });
  assert.deepEqual(hyperparameterDefaults('REGRESSION'), { ...shared, l2: 1e-6 });
});

test('overlays given values on the defaults and treats undefined as absent', () => {
  const given = { learningRate: 0.1, maxIterations: 100_000, l2: 0, tolerance: undefined };
  assert.deepEqual(resolveHyperparameters('CLASSIFICATION', given), {
    learningRate: 0.1,
    maxIterations: 100_000,
    l2: 0,
    tolerance: 1e-6,
  });
});

test('names the offending hyperparameter and value', () => {
  const cases: [LinearHyperparameters, string][] = [
    [{ learningRate: -1 }, 'hyperparameters.learningRate must be a positive number (got -1)'],
    [{ learningRate: 0 }, 'hyperparameters.learningRate must be a positive number (got 0)'],
    [{ learningRate: Infinity }, 'hyperparameters.learningRate must be a positive number (got Infinity)'],
    [{ maxIterations: 1.5 }, 'hyperparameters.maxIterations must be an integer from 1 to 100000 (got 1.5)'],
    [{ maxIterations: 100_001 }, 'hyperparameters.maxIterations must be an integer from 1 to 100000 (got 100001)'],
    [{ maxIterations: 0 }, 'hyperparameters.maxIterations must be an integer from 1 to 100000 (got 0)'],
    [{ l2: -0.1 }, 'hyperparameters.l2 must be a non-negative number (got -0.1)'],
    [{ l2: Number.NaN }, 'hyperparameters.l2 must be a non-negative number (got NaN)'],
    [{ tolerance: 0 }, 'hyperparameters.tolerance must be a positive number (got 0)'],
    [{ learningRate: '0.5' as unknown as number }, 'hyperparameters.learningRate must be a positive number (got "0.5")'],
    [{ l2: null as unknown as number }, 'hyperparameters.l2 must be a non-negative number (got null)'],
  ];
  for (const [given, message] of cases) {
    assert.throws(() => resolveHyperparameters('CLASSIFICATION', given), (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.equal(error.message, message);
      return true;
    });
  }
});

test('rejects unknown hyperparameters instead of ignoring them', () => {
  assert.throws(
    () => resolveHyperparameters('REGRESSION', { learning_rate: 0.1 } as LinearHyperparameters),
    new RangeError(
      'hyperparameters.learning_rate is not a known hyperparameter ' +
        '(expected one of learningRate, maxIterations, l2, tolerance)',
    ),
  );
});
