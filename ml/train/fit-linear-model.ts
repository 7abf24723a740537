import { exportLinearClassifier, exportLinearRegressor } from '../onnx/linear-model-onnx';
import { resolveHyperparameters, type LinearHyperparameters, type LinearTask } from './linear-hyperparameters';
import { fitLogisticRegression } from './logistic-regression';
import { fitRidgeRegression } from './ridge-regression';
import { fitStandardizer, standardize } from './standardizer';

export {
  MAX_ITERATIONS_LIMIT,
  hyperparameterDefaults,
  resolveHyperparameters,
  type LinearHyperparameters,
  type LinearTask,
} from './linear-hyperparameters';

export interface LinearModelInput {
  task: LinearTask;
  featureNames: string[];
  /** One column per feature, all as long as `target`. */
  features: Float64Array[];
  target: (string | number)[];
  /** Indices into the columns; only these rows are used for fitting. */
  trainRows: Uint32Array;
  hyperparameters: LinearHyperparameters;
  /** Copied into the ONNX model's metadata_props. */
  metadata: Record<string, string>;
}

export interface LinearModelResult {
  onnx: Uint8Array;
  /**
   * Distinct training target values in string sort order ('10' before '7'), which is
   * also the order of the probability columns; [] for regression.
   */
  classLabels: string[];
  /** Gradient-descent steps for classification; 0 for the closed-form regression. */
  iterations: number;
  trainRowCount: number;
}

/**
 * Fits a standardised linear model on the training rows and returns it as ONNX:
 * softmax logistic regression for CLASSIFICATION, ridge regression for
 * REGRESSION. The standardiser is fitted on training rows only, so test rows
 * never leak into the model, and is embedded in the ONNX graph so the model
 * takes raw feature values.
 */
export function fitLinearModel(input: LinearModelInput): LinearModelResult {
  const hyperparameters = resolveHyperparameters(input.task, input.hyperparameters);
  const { featureNames, trainRows } = input;
  const cols = featureNames.length;
  const rows = trainRows.length;
  assertInputShape(input);

  const raw = trainMatrix(input);
  const standardizer = fitStandardizer(raw, rows, cols);
  const x = standardize(raw, rows, cols, standardizer);

  if (input.task === 'CLASSIFICATION') {
    const labels = Array.from(trainRows, (row) => classLabel(input.target, row));
    const classLabels = [...new Set(labels)].sort();
    if (classLabels.length < 2) {
      throw new Error(
        `target has ${classLabels.length} distinct value(s) in the training rows (${classLabels.join(', ')}); ` +
          'classification needs at least 2',
      );
    }
    const classIndex = new Map(classLabels.map((label, index) => [label, index]));
    const y = Int32Array.from(labels, (label) => classIndex.get(label)!);
    const model = fitLogisticRegression(x, rows, cols, y, classLabels.length, hyperparameters);
    if (![...model.coefficients, ...model.intercepts].every(Number.isFinite)) {
      throw new Error(
        `logistic regression diverged; lower hyperparameters.learningRate (got ${hyperparameters.learningRate})`,
      );
    }
    return {
      onnx: exportLinearClassifier({
        featureNames,
        standardizer,
        coefficients: model.coefficients,
        intercepts: model.intercepts,
        classLabels,
        metadata: input.metadata,
      }),
      classLabels,
      iterations: model.iterations,
      trainRowCount: rows,
    };
  }

  const y = Float64Array.from(trainRows, (row) => numericTarget(input.target, row));
  const model = fitRidgeRegression(x, rows, cols, y, { l2: hyperparameters.l2 });
  return {
    onnx: exportLinearRegressor({
      featureNames,
      standardizer,
      coefficients: model.coefficients,
      intercept: model.intercept,
      metadata: input.metadata,
    }),
    classLabels: [],
    iterations: 0,
    trainRowCount: rows,
  };
}

function assertInputShape({ featureNames, features, target, trainRows }: LinearModelInput): void {
  if (featureNames.length === 0) throw new RangeError('featureNames needs at least one feature');
  if (new Set(featureNames).size !== featureNames.length) throw new RangeError('featureNames must be distinct');
  if (features.length !== featureNames.length) {
    throw new RangeError(`features has ${features.length} columns for ${featureNames.length} featureNames`);
  }
  features.forEach((column, j) => {
    if (column.length !== target.length) {
      throw new RangeError(`feature ${featureNames[j]} has ${column.length} rows but target has ${target.length}`);
    }
  });
  if (trainRows.length < 2) throw new RangeError(`trainRows needs at least 2 rows (got ${trainRows.length})`);
  for (const row of trainRows) {
    if (row >= target.length) throw new RangeError(`trainRows contains ${row}, beyond the ${target.length} rows`);
  }
}

/** Gathers the training rows into a row-major matrix, rejecting missing or infinite values. */
function trainMatrix({ featureNames, features, trainRows }: LinearModelInput): Float64Array {
  const cols = featureNames.length;
  const matrix = new Float64Array(trainRows.length * cols);
  trainRows.forEach((row, i) => {
    for (let j = 0; j < cols; j++) {
      const value = features[j][row];
      if (!Number.isFinite(value)) {
        throw new Error(`feature ${featureNames[j]} has a non-finite value (${value}) at row ${row}`);
      }
      matrix[i * cols + j] = value;
    }
  });
  return matrix;
}

function classLabel(target: (string | number)[], row: number): string {
  const label = String(target[row]);
  // An empty label is almost always a missing value, not a class.
  if (label === '') throw new Error(`target is empty at row ${row}`);
  return label;
}

function numericTarget(target: (string | number)[], row: number): number {
  const value = target[row];
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed)) {
    throw new Error(`target must be a finite number for regression (got ${JSON.stringify(value)} at row ${row})`);
  }
  return parsed;
}
