import { ONNX_MISSING_CATEGORY } from '../onnx/model-contract';
import { stats } from '../stats/simple-statistics';
import { fitStandardizer, standardize } from '../train/standardizer';
import { assertRowsWithin, featureRowCount, type FeatureColumns, type FeatureSpec } from './feature-spec';
import { selectCategories } from './frequent-categories';

/**
 * Feature preprocessing fitted on the training rows, in the layout of
 * scikit-learn's ColumnTransformer([SimpleImputer(mean) → StandardScaler] on
 * numeric, OneHotEncoder(handle_unknown='ignore') on categorical features):
 *
 * - numeric x → (x̃ − μ)·s, where x̃ is x with a missing value replaced by μ, the
 *   training mean of the observed values, and s = 1 / population std of x̃ over
 *   the training rows (1 for a constant column), so a missing value becomes 0;
 * - categorical c → one indicator per kept category (every category seen in
 *   training, or for a high-cardinality feature the most frequent ones: see
 *   frequent-categories.ts); a missing category encodes as all zeros. A feature
 *   whose rarer categories were left out gets one more indicator, "other", for
 *   them and for any value first met at serving (scikit-learn's
 *   handle_unknown='infrequent_if_exist'); without it, an unseen category
 *   encodes as all zeros (handle_unknown='ignore').
 *
 * The design matrix is the numeric block followed by one one-hot block per
 * categorical feature, in spec order. The ONNX export embeds exactly this
 * transform, so serving applies what training used. Plain arrays throughout
 * keep a fitted preprocessor JSON-serialisable.
 */
export interface Preprocessor {
  spec: FeatureSpec;
  /** Per numeric feature: the imputed value and the standardisation offset. */
  numericMeans: number[];
  /** Per numeric feature: the standardisation multiplier. */
  numericScales: number[];
  /** Per categorical feature: the kept categories, sorted; the order of its one-hot columns. */
  categories: string[][];
  /** Per categorical feature: whether its block ends in an "other" column for every category not kept. */
  otherColumn: boolean[];
}

/**
 * Fits on `trainRows` only, so held-out rows never influence the transform.
 * '' counts as missing like null, because '' is how a missing category reaches
 * the ONNX model.
 */
export function fitPreprocessor(spec: FeatureSpec, columns: FeatureColumns, trainRows: Uint32Array): Preprocessor {
  const rowCount = featureRowCount(spec, columns);
  assertRowsWithin(trainRows, rowCount, 'trainRows');
  if (trainRows.length === 0) throw new RangeError('trainRows needs at least one row');

  const numericMeans = spec.numeric.map((name, j) => observedMean(name, columns.numericColumns[j], trainRows));
  const imputed = imputedNumericMatrix(numericMeans, columns.numericColumns, trainRows);
  // Only the scale is taken: the offset stays the observed mean, which equals the imputed
  // column's mean, so that a missing value standardises to exactly 0.
  const { scale } = fitStandardizer(imputed, trainRows.length, spec.numeric.length);

  const selections = spec.categorical.map((name, j) => {
    const column = columns.categoricalColumns[j];
    const counts = new Map<string, number>();
    for (const row of trainRows) {
      const value = column[row];
      if (value !== null && value !== ONNX_MISSING_CATEGORY) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    if (counts.size === 0) throw new Error(`feature ${JSON.stringify(name)} has no values in the training rows`);
    return selectCategories(counts);
  });

  return {
    spec,
    numericMeans,
    numericScales: Array.from(scale),
    categories: selections.map((selection) => selection.kept),
    otherColumn: selections.map((selection) => selection.hasOther),
  };
}

/** Columns of one categorical feature's one-hot block: its kept categories, and "other" when it has one. */
export function categoricalBlockWidth(preprocessor: Preprocessor, j: number): number {
  return preprocessor.categories[j].length + (preprocessor.otherColumn[j] ? 1 : 0);
}

/** Columns of the design matrix: one per numeric feature plus each categorical feature's block. */
export function designMatrixWidth(preprocessor: Preprocessor): number {
  return preprocessor.categories.reduce((width, _, j) => width + categoricalBlockWidth(preprocessor, j), preprocessor.spec.numeric.length);
}

/** The rows × designMatrixWidth design matrix of `rows`, row-major. */
export function transformToDesignMatrix(
  preprocessor: Preprocessor,
  columns: FeatureColumns,
  rows: ArrayLike<number>,
): Float64Array {
  const rowCount = featureRowCount(preprocessor.spec, columns);
  assertRowsWithin(rows, rowCount, 'rows');
  const numericCount = preprocessor.spec.numeric.length;
  const width = designMatrixWidth(preprocessor);

  const numericBlock = standardize(
    imputedNumericMatrix(preprocessor.numericMeans, columns.numericColumns, rows),
    rows.length,
    numericCount,
    { mean: Float64Array.from(preprocessor.numericMeans), scale: Float64Array.from(preprocessor.numericScales) },
  );
  const matrix = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    matrix.set(numericBlock.subarray(i * numericCount, (i + 1) * numericCount), i * width);
  }

  let blockOffset = numericCount;
  preprocessor.categories.forEach((categories, j) => {
    const position = new Map(categories.map((category, index) => [category, index]));
    const column = columns.categoricalColumns[j];
    const other = preprocessor.otherColumn[j] ? categories.length : undefined;
    for (let i = 0; i < rows.length; i++) {
      const value = column[rows[i]];
      if (value === null || value === ONNX_MISSING_CATEGORY) continue;
      const index = position.get(value) ?? other;
      if (index !== undefined) matrix[i * width + blockOffset + index] = 1;
    }
    blockOffset += categoricalBlockWidth(preprocessor, j);
  });
  return matrix;
}

/** Mean of the non-missing training values; infinities are rejected because no mean or scale survives them. */
function observedMean(name: string, column: Float64Array, trainRows: Uint32Array): number {
  const observed: number[] = [];
  for (const row of trainRows) {
    const value = column[row];
    if (Number.isNaN(value)) continue;
    if (!Number.isFinite(value)) throw new Error(`feature ${JSON.stringify(name)} has a non-finite value (${value}) at row ${row}`);
    observed.push(value);
  }
  if (observed.length === 0) throw new Error(`feature ${JSON.stringify(name)} has no values in the training rows`);
  return stats.mean(observed);
}

/** Row-major rows × columns.length matrix of the numeric columns with each NaN replaced by its column's mean. */
function imputedNumericMatrix(means: number[], numericColumns: Float64Array[], rows: ArrayLike<number>): Float64Array {
  const cols = numericColumns.length;
  const matrix = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < cols; j++) {
      const value = numericColumns[j][rows[i]];
      matrix[i * cols + j] = Number.isNaN(value) ? means[j] : value;
    }
  }
  return matrix;
}
