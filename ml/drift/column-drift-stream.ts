import type { ColumnDrift, ColumnDriftResult, DriftTest } from '../../domain/drift';
import { binnedColumnDrift } from './binned-column-drift';
import { addToBinnedColumn, emptyBinnedColumn, type BinnedColumn } from './binned-column';
import { alignedCategoryCounts, categoryCountsOfTallies } from './category-counts';
import { addToCategoryTally, categoryTallyOf, emptyCategoryTally, type CategoryTally } from './category-tally';
import { columnDrift, countedColumnDrift } from './column-drift';
import { columnQuality } from './column-quality';
import { FEW_VALUES_MAX, SMALL_REFERENCE_MAX_ROWS, defaultDriftTest } from './default-drift-test';
import { driftThreshold } from './drift-tests';
import { addToHistogram, categoricalDriftHistogram, emptyHistogramOverReference, numericDriftHistogram } from './drift-histogram';
import { addToKsCurrentCounts, emptyKsCurrentCounts, ksTwoSampleFromCounts, type KsCurrentCounts } from './ks-two-sample-from-counts';
import { concatenatedFloat64 } from '../tabular/concatenated-float64';
import { sortedPresentValues } from './present-values';
import { countDistinctNumbers } from './count-distinct-numbers';
import { quantileBinEdgesOfSorted } from './quantile-bin-edges';
import { valueCountsOfTally, wassersteinNormalisedOfCounts } from './wasserstein-of-counts';

/**
 * Current values of a numeric column kept for the exact tests: 200 000 values are 1.6 MB
 * per column, and sorting them is quick. Past this the stream summarises instead.
 */
export const EXACT_CURRENT_VALUES_MAX = 200_000;

/**
 * Distinct current values of a numeric column counted past EXACT_CURRENT_VALUES_MAX, so that
 * its normalised Wasserstein distance stays exact (wassersteinNormalisedOfCounts): a Map of
 * 100 000 doubles is about 5 MB per column (checked after each chunk, so it may hold one
 * chunk's worth more before it is dropped). Integer or rounded data (minutes, cents, ages)
 * stays far below it, and that is the data quantile bins approximate worst; continuous
 * doubles pass it after about 100 000 values and are binned.
 */
export const COUNTED_DISTINCT_VALUES_MAX = 100_000;

/**
 * Quantile bins of the reference for the binned Wasserstein distance. Each bin holds a
 * thousandth of the reference, so binnedWassersteinNormalised's error bound, Σ pᵢwᵢ + Σ qᵢvᵢ
 * over σ, is about 2·(range / 1000) / σ: near 0.01 for a range of 5σ (a normal sample of
 * thousands), a tenth of the 0.1 threshold; a current sample spread over few bins widens it.
 */
export const STREAMED_WASSERSTEIN_BINS = 1000;

/** A column's values: numbers (NaN missing) when numeric, strings (null missing) when categorical. */
export type ColumnValues =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'categorical'; values: readonly (string | null)[] };

/** Numbers (NaN missing) for a numeric column, strings (null missing) for a categorical one. */
export type CurrentChunk = Float64Array | readonly (string | null)[];

/**
 * One column's drift against a reference held in memory, from a current sample that
 * arrives in chunks and may be far too large to hold. Every result carries the report's
 * histogram and data quality. The statistic is the one columnDrift would compute on all
 * the values, and equal to it, except in one case:
 * - categorical columns, and numeric ones of at most 5 distinct values, are counted per
 *   category: the count-based tests are exact from counts (countedColumnDrift);
 * - other numeric columns keep their values up to `exactValuesMax` and get columnDrift's
 *   exact result. Past that, a reference of ≤ 1000 rows (Kolmogorov–Smirnov) counts the
 *   current values at the reference's distinct values, still exact
 *   (ksTwoSampleFromCounts); a larger reference (normalised Wasserstein) counts the current
 *   values per distinct value while there are at most `countedDistinctMax` of them, still
 *   exact (wassersteinNormalisedOfCounts). Only past that too are both samples binned over
 *   STREAMED_WASSERSTEIN_BINS quantile bins of the reference: the one approximation,
 *   marked binned: true.
 * The test is chosen as columnDrift chooses it, from the reference's size and the
 * distinct values of both samples.
 */
export interface ColumnDriftStream {
  add(chunk: CurrentChunk): void;
  /** Non-missing values so far: a side without any has no distribution to compare. */
  presentValues(): { reference: number; current: number };
  /** Throws a RangeError when either side has no present value. */
  result(): ColumnDriftResult;
  /**
   * The histogram, data quality and sizes without a test: for samples below the minimum
   * size, even a current one without any value. The test named is the one the reference
   * would choose; the statistic is NaN (null once stored) and nothing drifts.
   */
  untested(): ColumnDriftResult;
}

/**
 * The column's result under a minimum sample size: tested when both sides have at least
 * `minimumSampleSize` present values, else NOT_ENOUGH_DATA (stream.untested()).
 */
export function columnDriftResult(stream: ColumnDriftStream, minimumSampleSize: number): ColumnDriftResult {
  if (!Number.isSafeInteger(minimumSampleSize) || minimumSampleSize < 1) throw new RangeError(`minimumSampleSize must be a positive integer (got ${minimumSampleSize})`);
  const present = stream.presentValues();
  if (present.reference < minimumSampleSize || present.current < minimumSampleSize) return { ...stream.untested(), status: 'NOT_ENOUGH_DATA', minimumSampleSize };
  return { ...stream.result(), status: 'TESTED', minimumSampleSize };
}

function untestedDrift(name: string, test: DriftTest, sizes: { referenceSize: number; currentSize: number; referenceMissing: number; currentMissing: number }): ColumnDrift {
  return { column: name, test, statistic: Number.NaN, pValue: null, threshold: driftThreshold(name, test, undefined), ...sizes, drifted: false, binned: false };
}

export function columnDriftStream(
  reference: ColumnValues,
  exactValuesMax: number = EXACT_CURRENT_VALUES_MAX,
  countedDistinctMax: number = COUNTED_DISTINCT_VALUES_MAX,
): ColumnDriftStream {
  if (!Number.isSafeInteger(exactValuesMax) || exactValuesMax < 0) throw new RangeError(`exactValuesMax must be a count ≥ 0 (got ${exactValuesMax})`);
  if (!Number.isSafeInteger(countedDistinctMax) || countedDistinctMax < 0) throw new RangeError(`countedDistinctMax must be a count ≥ 0 (got ${countedDistinctMax})`);
  return reference.kind === 'numeric'
    ? numericStream(reference.name, reference.values, exactValuesMax, countedDistinctMax)
    : categoricalStreamOfTallies(reference.name, categoryTallyOf(reference.values), emptyCategoryTally());
}

/**
 * A categorical column's stream from its counted reference and the current values counted
 * so far (which it goes on adding to): the counts are all the count-based tests need, so
 * summaries merged from a scan's parts are tested without repeating their values.
 */
export function categoricalStreamOfTallies(name: string, reference: CategoryTally, current: CategoryTally): ColumnDriftStream {
  return {
    add(chunk) {
      if (chunk instanceof Float64Array) throw new TypeError(`column ${name} is categorical: add strings, not numbers`);
      addToCategoryTally(current, chunk);
    },
    presentValues: () => ({ reference: reference.values - reference.missing, current: current.values - current.missing }),
    result() {
      const counts = categoryCountsOfTallies(reference, current);
      return {
        ...countedColumnDrift(name, 'categorical', counts),
        kind: 'categorical',
        histogram: categoricalDriftHistogram(counts),
        quality: columnQuality(name, reference, current),
      };
    },
    untested() {
      const test = defaultDriftTest('categorical', reference.values - reference.missing, reference.counts.size);
      const sizes = { referenceSize: reference.values - reference.missing, currentSize: current.values - current.missing, referenceMissing: reference.missing, currentMissing: current.missing };
      return {
        ...untestedDrift(name, test, sizes),
        kind: 'categorical',
        histogram: categoricalDriftHistogram(alignedCategoryCounts(reference, current)),
        quality: columnQuality(name, reference, current),
      };
    },
  };
}

function numericStream(name: string, reference: Float64Array, exactValuesMax: number, countedDistinctMax: number): ColumnDriftStream {
  const presentReference = sortedPresentValues(reference, 'reference');
  const sortedReference = presentReference.values;
  const referenceSize = sortedReference.length;
  const referenceDistinct = new Set<number>();
  for (const value of sortedReference) {
    referenceDistinct.add(value);
    if (referenceDistinct.size > FEW_VALUES_MAX) break;
  }
  // addToHistogram leaves its input as it was: one empty histogram serves both samples.
  let histogram = emptyHistogramOverReference(reference);
  const referenceHistogram = addToHistogram(histogram, reference);
  let values = 0;
  let missing = 0;
  let exact: Float64Array[] | null = [];
  // Counted per value while both samples together have at most FEW_VALUES_MAX distinct values.
  let fewValues: CategoryTally | null = referenceDistinct.size <= FEW_VALUES_MAX ? emptyCategoryTally() : null;
  let ks: KsCurrentCounts | null = referenceSize <= SMALL_REFERENCE_MAX_ROWS ? emptyKsCurrentCounts(reference) : null;
  let binned: BinnedColumn | null =
    referenceSize > SMALL_REFERENCE_MAX_ROWS ? emptyBinnedColumn(quantileBinEdgesOfSorted(sortedReference, STREAMED_WASSERSTEIN_BINS)) : null;
  // Filled from the kept values once past exactValuesMax; dropped past countedDistinctMax distinct values, leaving the bins.
  let counted: CategoryTally | null = binned ? emptyCategoryTally() : null;

  const boundedDrift = (): ColumnDrift => {
    if (fewValues) return countedColumnDrift(name, 'numeric', categoryCountsOfTallies(categoryTallyOf(reference), fewValues));
    if (defaultDriftTest('numeric', referenceSize, FEW_VALUES_MAX + 1) === 'ks') {
      const { statistic, pValue, currentSize, referenceMissing, currentMissing } = ksTwoSampleFromCounts(reference, ks!);
      const threshold = driftThreshold(name, 'ks', undefined);
      return { column: name, test: 'ks', statistic, pValue, threshold, referenceSize, currentSize, referenceMissing, currentMissing, drifted: pValue < threshold, binned: false };
    }
    if (counted) {
      const { statistic, referenceSize, currentSize, referenceMissing, currentMissing } = wassersteinNormalisedOfCounts(presentReference, valueCountsOfTally(counted));
      const threshold = driftThreshold(name, 'wasserstein', undefined);
      return { column: name, test: 'wasserstein', statistic, pValue: null, threshold, referenceSize, currentSize, referenceMissing, currentMissing, drifted: statistic >= threshold, binned: false };
    }
    return binnedColumnDrift(name, addToBinnedColumn(emptyBinnedColumn(binned!.edges), reference), binned!);
  };

  return {
    add(chunk) {
      if (!(chunk instanceof Float64Array)) throw new TypeError(`column ${name} is numeric: add a Float64Array`);
      values += chunk.length;
      for (let i = 0; i < chunk.length; i += 1) if (Number.isNaN(chunk[i])) missing += 1;
      histogram = addToHistogram(histogram, chunk);
      if (exact && values <= exactValuesMax) exact.push(chunk.slice());
      else {
        if (counted) counted = tallyWithin(counted, exact ? [...exact, chunk] : [chunk], countedDistinctMax);
        exact = null;
      }
      if (ks) ks = addToKsCurrentCounts(ks, chunk);
      if (binned) binned = addToBinnedColumn(binned, chunk);
      if (fewValues) {
        addToCategoryTally(fewValues, chunk);
        const unseen = [...fewValues.counts.keys()].filter((value) => !referenceDistinct.has(value as number)).length;
        if (referenceDistinct.size + unseen > FEW_VALUES_MAX) fewValues = null;
      }
    },
    presentValues: () => ({ reference: referenceSize, current: values - missing }),
    result() {
      const drift = exact ? columnDrift({ name, kind: 'numeric', reference, current: concatenatedFloat64(exact, values) }) : boundedDrift();
      return {
        ...drift,
        kind: 'numeric',
        histogram: numericDriftHistogram(referenceHistogram, histogram),
        quality: columnQuality(name, { values: reference.length, missing: reference.length - referenceSize }, { values, missing }),
      };
    },
    untested() {
      const test = defaultDriftTest('numeric', referenceSize, referenceDistinct.size);
      const sizes = { referenceSize, currentSize: values - missing, referenceMissing: reference.length - referenceSize, currentMissing: missing };
      return {
        ...untestedDrift(name, test, sizes),
        kind: 'numeric',
        histogram: numericDriftHistogram(referenceHistogram, histogram),
        quality: columnQuality(name, { values: reference.length, missing: reference.length - referenceSize }, { values, missing }),
      };
    },
  };
}

/**
 * The tally with the chunks added, or null as soon as it holds more than `distinctMax`
 * distinct values. Each chunk is counted first (countDistinctNumbers), so the Map sees each
 * of its distinct values once instead of every value (the tally is read sorted, by
 * valueCountsOfTally, so the order they are set in does not matter).
 */
function tallyWithin(tally: CategoryTally, chunks: readonly Float64Array[], distinctMax: number): CategoryTally | null {
  for (const chunk of chunks) {
    const counted = countDistinctNumbers(chunk, distinctMax);
    if (!counted) return null;
    tally.values += chunk.length;
    tally.missing += counted.missing;
    for (let i = 0; i < counted.values.length; i += 1) tally.counts.set(counted.values[i], (tally.counts.get(counted.values[i]) ?? 0) + counted.counts[i]);
    if (tally.counts.size > distinctMax) return null;
  }
  return tally;
}
