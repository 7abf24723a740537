import type { SampleSizes } from '../../domain/drift';
import { addToBinnedColumn, emptyBinnedColumn } from './binned-column';
import { PSI_EPSILON, populationStabilityIndexOfCounts } from './psi-of-counts';
import { quantileBinEdges } from './quantile-bin-edges';

/** Equal-frequency bins of the reference, the usual choice for PSI. */
export const PSI_BINS = 10;

export interface PopulationStabilityIndex extends SampleSizes {
  /** PSI; drift when ≥ the threshold (0.1 by default). */
  statistic: number;
  /** The interior bin edges used, from the reference's quantiles. */
  edges: Float64Array;
}

/**
 * Population Stability Index of a numeric column over bins fixed by the reference:
 * edges at the reference's k/10 quantiles (quantileBinEdges: numpy's linear quantiles,
 * ties merged, so possibly fewer than 10 bins), each sample counted into them, then
 *
 *   PSI = Σᵢ (aᵢ − eᵢ) · ln(aᵢ / eᵢ)
 *
 * with eᵢ, aᵢ the reference and current shares and ε = 1e-4 for an empty bin
 * (populationStabilityIndexOfCounts). Missing values (NaN) are left out and counted.
 * Binning the current data with the reference's edges is what makes PSI comparable across
 * windows, and it is the same computation on a BinnedColumn: the streaming variant equals
 * this one. Default threshold: drift when ≥ 0.1. Reference: Siddiqi, N. (2006), Credit
 * Risk Scorecards, Wiley, ch. 8 (the system stability report).
 */
export function populationStabilityIndex(
  reference: Float64Array,
  current: Float64Array,
  options: { bins?: number; epsilon?: number } = {},
): PopulationStabilityIndex {
  const edges = quantileBinEdges(reference, options.bins ?? PSI_BINS);
  const referenceBins = addToBinnedColumn(emptyBinnedColumn(edges), reference);
  const currentBins = addToBinnedColumn(emptyBinnedColumn(edges), current);
  if (currentBins.count === 0) throw new RangeError(`current has no values to compare (${current.length} given, all missing)`);
  return {
    statistic: populationStabilityIndexOfCounts(referenceBins.counts, currentBins.counts, options.epsilon ?? PSI_EPSILON),
    edges,
    referenceSize: referenceBins.count,
    currentSize: currentBins.count,
    referenceMissing: referenceBins.missing,
    currentMissing: currentBins.missing,
  };
}
