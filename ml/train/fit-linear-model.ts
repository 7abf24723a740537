import { assertRowsWithin, featureRowCount, type FeatureColumns, type FeatureSpec } from '../features/feature-spec';
import {
  designMatrixWidth,
  fitPreprocessor,
  transformToDesignMatrix,
  type Preprocessor,
} from '../features/preprocessor';
import { exportLinearClassifier, exportLinearRegressor } from '../onnx/linear-model-onnx';
import { resolveHyperparameters, type LinearHyperparameters, type LinearTask } from './linear-hyperparameters';
import { fitLogisticRegression } from './logistic-regression';
import { fitRidgeRegression } from './ridge-regression';

export {
  MAX_ITERATIONS_LIMIT,
  hyperparameterDefaults,
  resolveHyperparameters,
  type LinearHyperparameters,
  type LinearTask,
} from './linear-hyperparameters';

export interface LinearModelInput extends FeatureColumns {
  task: LinearTask;
  spec: FeatureSpec;
  /** As long as every feature column. */
  target: (string | number)[];
  /** Indices into the columns; only these rows are used for fitting, preprocessing included. */
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
  /** The fitted transform from raw columns to the design matrix; JSON-serialisable. */
  preprocessor: Preprocessor;
  /**
   * Row-major weights over the design matrix: one row per class label for
   * classification, a single row for regression.
   */
  coefficients: number[];
  /** One per class label for classification; a single one for regression. */
  intercepts: number[];
}

/**
 * Fits a linear model on the training rows and returns it as ONNX: softmax
 * logistic regression for CLASSIFICATION, ridge regression for REGRESSION, over
 * the design matrix of a Preprocessor (imputation, standardisation, one-hot
 * encoding). The preprocessor is fitted on training rows only, so held-out rows
 * never leak into the model, and is embedded in the ONNX graph so the model
 * takes raw feature values (see onnx/model-contract.ts).
 */
export function fitLinearModel(input: LinearModelInput): LinearModelResult {
  const hyperparameters = resolveHyperparameters(input.task, input.hyperparameters);
  assertInputShape(input);
  const { trainRows } = input;
  const rows = trainRows.length;
  const preprocessor = fitPreprocessor(input.spec, input, trainRows);
  const cols = designMatrixWidth(preprocessor);
  const x = transformToDesignMatrix(preprocessor, input, trainRows);

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
        preprocessor,
        coefficients: model.coefficients,
        intercepts: model.intercepts,
        classLabels,
        metadata: input.metadata,
      }),
      classLabels,
      iterations: model.iterations,
      trainRowCount: rows,
      preprocessor,
      coefficients: Array.from(model.coefficients),
      intercepts: Array.from(model.intercepts),
    };
  }

  const y = Float64Array.from(trainRows, (row) => numericTarget(input.target, row));
  const model = fitRidgeRegression(x, rows, cols, y, { l2: hyperparameters.l2 });
  return {
    onnx: exportLinearRegressor({
      preprocessor,
      coefficients: model.coefficients,
      intercept: model.intercept,
      metadata: input.metadata,
    }),
    classLabels: [],
    iterations: 0,
    trainRowCount: rows,
    preprocessor,
    coefficients: Array.from(model.coefficients),
    intercepts: [model.intercept],
  };
}

function assertInputShape(input: LinearModelInput): void {
  const rowCount = featureRowCount(input.spec, input);
  if (rowCount !== input.target.length) {
    throw new RangeError(`feature columns have ${rowCount} rows but target has ${input.target.length}`);
  }
  if (input.trainRows.length < 2) throw new RangeError(`trainRows needs at least 2 rows (got ${input.trainRows.length})`);
  assertRowsWithin(input.trainRows, rowCount, 'trainRows');
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
