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

/**
 * The row of defaultDriftTest's table that chose a test, for the report: which reference
 * size and which kind of column (continuous numeric, numeric with few values treated as
 * categorical, categorical, two values). defaultDriftTest gives each kind a different
 * test per row, so the kind and the test tell the row; null for a test no row gives
 * (psi, l_infinity: only ever chosen explicitly).
 */
export type DriftTestRule =
  | 'SMALL_REFERENCE_NUMERIC'
  | 'SMALL_REFERENCE_NUMERIC_FEW_VALUES'
  | 'SMALL_REFERENCE_CATEGORICAL'
  | 'SMALL_REFERENCE_TWO_VALUES'
  | 'LARGE_REFERENCE_NUMERIC'
  | 'LARGE_REFERENCE_NUMERIC_FEW_VALUES'
  | 'LARGE_REFERENCE_CATEGORICAL';

export function driftTestRule(kind: ColumnKind, test: DriftTest): DriftTestRule | null {
  switch (test) {
    case 'ks':
      return 'SMALL_REFERENCE_NUMERIC';
    case 'chi_square':
      return kind === 'numeric' ? 'SMALL_REFERENCE_NUMERIC_FEW_VALUES' : 'SMALL_REFERENCE_CATEGORICAL';
    case 'z_test':
      return 'SMALL_REFERENCE_TWO_VALUES';
    case 'wasserstein':
      return 'LARGE_REFERENCE_NUMERIC';
    case 'jensen_shannon':
      return kind === 'numeric' ? 'LARGE_REFERENCE_NUMERIC_FEW_VALUES' : 'LARGE_REFERENCE_CATEGORICAL';
    default:
      return null;
  }
}
