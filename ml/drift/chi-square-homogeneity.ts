import { countTotal } from './count-total';
import { regularizedGammaQ } from './regularized-gamma-q';

export interface ChiSquareHomogeneity {
  /** Pearson's X² over the 2 × k table of counts. */
  statistic: number;
  /** k − 1, k the categories seen on either side. */
  degreesOfFreedom: number;
  /** P(χ²_{k−1} ≥ X²); drift when below the threshold (0.05 by default). */
  pValue: number;
}

/**
 * Pearson's chi-square test of homogeneity: do the reference and current counts over
 * the same categories come from one categorical distribution? With Oᵢⱼ the 2 × k table
 * (row 1 reference, row 2 current), Rᵢ, Cⱼ its margins and N its total,
 *
 *   Eᵢⱼ = Rᵢ·Cⱼ / N,   X² = Σᵢⱼ (Oᵢⱼ − Eᵢⱼ)² / Eᵢⱼ,   dof = (2 − 1)(k − 1),
 *   p = P(χ²_dof ≥ X²) = Q(dof/2, X²/2)   (regularised upper incomplete gamma).
 *
 * Matches scipy.stats.chi2_contingency(table, correction=False) (no Yates correction,
 * which scipy would otherwise apply when dof = 1). Categories empty on both sides are
 * dropped (scipy refuses a zero expected count); with one category left the samples
 * cannot differ: X² = 0, dof = 0, p = 1, as scipy returns. Default threshold: drift when
 * p < 0.05 (Evidently). Evidently's own chisquare test is goodness of fit of the current
 * counts to the reference proportions; homogeneity treats both samples as samples.
 * Reference: Agresti, A. (2013), Categorical Data Analysis, 3rd ed., §3.2.
 */
export function chiSquareHomogeneity(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): ChiSquareHomogeneity {
  if (referenceCounts.length !== currentCounts.length) {
    throw new RangeError(`referenceCounts has ${referenceCounts.length} categories but currentCounts has ${currentCounts.length}`);
  }
  const referenceTotal = countTotal(referenceCounts, 'referenceCounts');
  const currentTotal = countTotal(currentCounts, 'currentCounts');
  const total = referenceTotal + currentTotal;
  let statistic = 0;
  let categories = 0;
  for (let j = 0; j < referenceCounts.length; j += 1) {
    const columnTotal = referenceCounts[j] + currentCounts[j];
    if (columnTotal === 0) continue;
    categories += 1;
    const expectedReference = (referenceTotal * columnTotal) / total;
    const expectedCurrent = (currentTotal * columnTotal) / total;
    statistic += (referenceCounts[j] - expectedReference) ** 2 / expectedReference;
    statistic += (currentCounts[j] - expectedCurrent) ** 2 / expectedCurrent;
  }
  const degreesOfFreedom = categories - 1;
  if (degreesOfFreedom === 0) return { statistic: 0, degreesOfFreedom, pValue: 1 };
  return { statistic, degreesOfFreedom, pValue: regularizedGammaQ(degreesOfFreedom / 2, statistic / 2) };
}
