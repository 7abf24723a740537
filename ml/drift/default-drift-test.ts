import type { ColumnKind, DriftTest } from '../../domain/drift';

/** Reference sizes up to this use statistical tests; larger ones use distances. */
export const SMALL_REFERENCE_MAX_ROWS = 1000;
/** Numeric columns with at most this many distinct values are treated as categorical. */
export const FEW_VALUES_MAX = 5;

/**
 * The test a column gets unless overridden, Evidently's documented defaults
 * (https://docs-old.evidentlyai.com/reference/data-drift-algorithm):
 *
 * | reference rows | numeric, > 5 distinct values | numeric ≤ 5, or categorical | 2 values or fewer |
 * |----------------|------------------------------|-----------------------------|-------------------|
 * | ≤ 1000         | Kolmogorov–Smirnov           | chi-square                  | Z-test            |
 * | > 1000         | normalised Wasserstein       | Jensen–Shannon              | Jensen–Shannon    |
 *
 * Rows and distinct values count non-missing values only; distinct values are counted
 * over reference and current together.
 */
export function defaultDriftTest(kind: ColumnKind, referenceSize: number, distinctValues: number): DriftTest {
  const continuous = kind === 'numeric' && distinctValues > FEW_VALUES_MAX;
  if (referenceSize <= SMALL_REFERENCE_MAX_ROWS) {
    if (continuous) return 'ks';
    return distinctValues > 2 ? 'chi_square' : 'z_test';
  }
  return continuous ? 'wasserstein' : 'jensen_shannon';
}
