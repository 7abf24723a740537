import type { ColumnKind, DriftTest } from '../../domain/drift';

export interface DriftTestSpec {
  /** A p-value drifts when below the threshold; a distance when at or above it. */
  score: 'p_value' | 'distance';
  defaultThreshold: number;
  /** The column kinds the test applies to. */
  kinds: readonly ColumnKind[];
}

/**
 * The drift tests and their default thresholds: 0.05 for p-values and 0.1 for the
 * Wasserstein, Jensen–Shannon and PSI distances, as in Evidently
 * (https://docs-old.evidentlyai.com/reference/data-drift-algorithm); 0.1 for L∞ is ours.
 * Count-based tests apply to numeric columns too, per distinct value or per bin.
 * The Jensen–Shannon distance is in base 2 (jensenShannonDistance, in [0, 1]); Evidently
 * calls scipy's jensenshannon with its default natural logarithm, which gives √(ln 2) ≈ 0.83
 * times the base-2 value, so the same 0.1 flags drift a little sooner here.
 */
export const DRIFT_TESTS: Readonly<Record<DriftTest, DriftTestSpec>> = {
  ks: { score: 'p_value', defaultThreshold: 0.05, kinds: ['numeric'] },
  chi_square: { score: 'p_value', defaultThreshold: 0.05, kinds: ['numeric', 'categorical'] },
  z_test: { score: 'p_value', defaultThreshold: 0.05, kinds: ['numeric', 'categorical'] },
  wasserstein: { score: 'distance', defaultThreshold: 0.1, kinds: ['numeric'] },
  jensen_shannon: { score: 'distance', defaultThreshold: 0.1, kinds: ['numeric', 'categorical'] },
  psi: { score: 'distance', defaultThreshold: 0.1, kinds: ['numeric'] },
  l_infinity: { score: 'distance', defaultThreshold: 0.1, kinds: ['numeric', 'categorical'] },
};

/**
 * The threshold for a column's test: the override if given, else the test's default.
 * A p-value threshold must lie strictly between 0 and 1, a distance's be finite and ≥ 0.
 */
export function driftThreshold(column: string, test: DriftTest, override: number | undefined): number {
  const { score, defaultThreshold } = DRIFT_TESTS[test];
  const threshold = override ?? defaultThreshold;
  const valid = score === 'p_value' ? threshold > 0 && threshold < 1 : threshold >= 0 && Number.isFinite(threshold);
  if (!valid) {
    const expected = score === 'p_value' ? 'a p-value strictly between 0 and 1' : 'a finite distance ≥ 0';
    throw new RangeError(`column ${column}: the ${test} threshold must be ${expected} (got ${threshold})`);
  }
  return threshold;
}
