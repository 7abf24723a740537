export type LinearTask = 'CLASSIFICATION' | 'REGRESSION';

/**
 * User-facing knobs of the linear trainers. Classification uses all four
 * (gradient descent); regression is solved in closed form and only uses `l2`,
 * but the other values are still validated and reported for a uniform record.
 */
export interface LinearHyperparameters {
  learningRate?: number;
  maxIterations?: number;
  l2?: number;
  tolerance?: number;
}

export const MAX_ITERATIONS_LIMIT = 100_000;

export function hyperparameterDefaults(task: LinearTask): Required<LinearHyperparameters> {
  return {
    learningRate: 0.5,
    maxIterations: 500,
    // Ridge only needs enough shrinkage to keep collinear columns solvable.
    l2: task === 'REGRESSION' ? 1e-6 : 1e-4,
    tolerance: 1e-6,
  };
}

type Rule = { check: (value: number) => boolean; requirement: string };

const RULES: Record<keyof LinearHyperparameters, Rule> = {
  learningRate: { check: (value) => Number.isFinite(value) && value > 0, requirement: 'a positive number' },
  maxIterations: {
    check: (value) => Number.isInteger(value) && value >= 1 && value <= MAX_ITERATIONS_LIMIT,
    requirement: `an integer from 1 to ${MAX_ITERATIONS_LIMIT}`,
  },
  l2: { check: (value) => Number.isFinite(value) && value >= 0, requirement: 'a non-negative number' },
  tolerance: { check: (value) => Number.isFinite(value) && value > 0, requirement: 'a positive number' },
};

/**
 * Defaults overlaid with the given values, after validation. Unknown keys are
 * rejected because they usually are typos (e.g. `learning_rate`) that would
 * otherwise be silently ignored. `undefined` means "use the default".
 */
export function resolveHyperparameters(
  task: LinearTask,
  given: LinearHyperparameters,
): Required<LinearHyperparameters> {
  const resolved = hyperparameterDefaults(task);
  for (const [key, value] of Object.entries(given) as [string, unknown][]) {
    if (!Object.hasOwn(RULES, key)) {
      throw new RangeError(
        `hyperparameters.${key} is not a known hyperparameter (expected one of ${Object.keys(RULES).join(', ')})`,
      );
    }
    if (value === undefined) continue;
    const name = key as keyof LinearHyperparameters;
    if (typeof value !== 'number' || !RULES[name].check(value)) {
      throw new RangeError(`hyperparameters.${name} must be ${RULES[name].requirement} (got ${describe(value)})`);
    }
    resolved[name] = value;
  }
  return resolved;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
