import { countTotal } from './count-total';

/** Share given to an empty bin, so that ln(a/e) stays finite. */
export const PSI_EPSILON = 1e-4;

/**
 * Population Stability Index between reference (expected) and current (actual) counts
 * over the same bins:
 *
 *   PSI = Σᵢ (aᵢ − eᵢ) · ln(aᵢ / eᵢ),   eᵢ = referenceᵢ / Σ reference,  aᵢ = currentᵢ / Σ current,
 *
 * where a share of 0 on either side is replaced by ε (1e-4 by default) before the sum,
 * without renormalising, as Evidently does. Each term is ≥ 0; PSI is the symmetrised
 * Kullback–Leibler divergence KL(a‖e) + KL(e‖a). Default threshold: drift when ≥ 0.1
 * (Evidently); the usual reading is < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major.
 * Reference: Yurdakul, B. (2018), "Statistical properties of population stability
 * index", PhD dissertation, Western Michigan University.
 */
export function populationStabilityIndexOfCounts(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
  epsilon: number = PSI_EPSILON,
): number {
  if (referenceCounts.length !== currentCounts.length) {
    throw new RangeError(`referenceCounts has ${referenceCounts.length} bins but currentCounts has ${currentCounts.length}`);
  }
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError(`epsilon must be strictly between 0 and 1 (got ${epsilon})`);
  const referenceTotal = countTotal(referenceCounts, 'referenceCounts');
  const currentTotal = countTotal(currentCounts, 'currentCounts');
  let psi = 0;
  for (let i = 0; i < referenceCounts.length; i += 1) {
    const expected = referenceCounts[i] / referenceTotal || epsilon;
    const actual = currentCounts[i] / currentTotal || epsilon;
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return psi;
}
