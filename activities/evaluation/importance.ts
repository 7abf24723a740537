import type { FeatureImportance } from '../../domain/evaluation';
import { permutationImportance } from '../../ml/explain/permutation-importance';
import type { FeatureColumns } from '../../ml/features/feature-spec';
import type { ScoringModel } from '../../ml/onnx/model-scoring';
import type { CandidateInput } from './evaluate-input';
import { headlineMetrics } from './headline-metrics';
import { scoreRows } from '../onnx-scoring';
import type { TrainingData } from '../training-data';

/** Enough rows for a stable estimate; bounded so importance costs a fixed amount on any test split. */
const IMPORTANCE_ROWS = 2000;
const IMPORTANCE_REPEATS = 3;

/**
 * Permutation importance on (up to IMPORTANCE_ROWS of) the test split: how much the
 * headline metric (accuracy, or R² for regression) drops when one feature's values
 * are shuffled across rows, scored through the model itself.
 */
export async function permutationImportanceOf(
  model: ScoringModel,
  input: CandidateInput,
  data: TrainingData,
  testRows: Uint32Array,
  classLabels: string[],
): Promise<FeatureImportance[]> {
  const rows = testRows.subarray(0, IMPORTANCE_ROWS);
  const metric = input.task === 'CLASSIFICATION' ? 'accuracy' : 'r2';
  const score = async (columns: FeatureColumns) => {
    const scores = await scoreRows(model, classLabels.length, data.spec, columns, rows);
    return headlineMetrics(input, data, rows, scores, classLabels)[metric];
  };
  const features = [...data.spec.numeric, ...data.spec.categorical];
  const results = await permutationImportance({
    features,
    baseline: await score(data.columns),
    rowCount: rows.length,
    repeats: IMPORTANCE_REPEATS,
    seed: input.seed,
    higherIsBetter: true,
    score: (featureIndex, permutation) => score(permuteFeature(data, featureIndex, rows, permutation)),
  });
  return results.map(({ feature, mean, std }) => ({ feature, mean, std }));
}

/** A copy of the columns where one feature's values at `rows` are reordered by `permutation`. */
function permuteFeature(data: TrainingData, featureIndex: number, rows: Uint32Array, permutation: Uint32Array): FeatureColumns {
  const numericCount = data.spec.numeric.length;
  const shuffle = <T extends ArrayLike<unknown> & { slice(): T }>(column: T): T => {
    const copy = column.slice() as unknown as unknown[];
    rows.forEach((row, i) => (copy[row] = column[rows[permutation[i]]]));
    return copy as unknown as T;
  };
  return featureIndex < numericCount
    ? { ...data.columns, numericColumns: data.columns.numericColumns.map((column, c) => (c === featureIndex ? shuffle(column) : column)) }
    : {
        ...data.columns,
        categoricalColumns: data.columns.categoricalColumns.map((column, c) => (c === featureIndex - numericCount ? shuffle(column) : column)),
      };
}
