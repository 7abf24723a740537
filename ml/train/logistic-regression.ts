import { softmaxInPlace } from './softmax';

export interface LogisticRegressionOptions {
  learningRate: number;
  maxIterations: number;
  /** Weight of the ½·l2·‖W‖² penalty; intercepts are not penalised. */
  l2: number;
  /** Stop once every gradient component is smaller than this in absolute value. */
  tolerance: number;
}

export interface LogisticRegressionModel {
  /** classCount×cols, row-major: one weight row per class. */
  coefficients: Float64Array;
  intercepts: Float64Array;
  /** Gradient steps taken (0 when the starting point already met the tolerance). */
  iterations: number;
}

/**
 * Multinomial (softmax) logistic regression fitted by full-batch gradient descent.
 *
 * Minimises L(W, b) = −(1/n) Σ_i log softmax(W x_i + b)_{y_i} + (l2/2)‖W‖², whose
 * gradient is ∂L/∂W = (1/n) Σ_i (p_i − onehot(y_i)) x_iᵀ + l2·W and
 * ∂L/∂b = (1/n) Σ_i (p_i − onehot(y_i)) (Bishop, PRML §4.3.4).
 *
 * Expects standardised features: a single learning rate only suits all columns
 * when they share a scale. Starts from zero, so results are deterministic.
 */
export function fitLogisticRegression(
  x: Float64Array,
  rows: number,
  cols: number,
  y: Int32Array,
  classCount: number,
  options: LogisticRegressionOptions,
): LogisticRegressionModel {
  if (x.length !== rows * cols) throw new RangeError(`matrix of length ${x.length} is not ${rows}×${cols}`);
  if (y.length !== rows) throw new RangeError(`y has ${y.length} entries for ${rows} rows`);
  if (rows < 1) throw new RangeError('fitLogisticRegression needs at least one row');
  if (!Number.isInteger(classCount) || classCount < 2) {
    throw new RangeError(`classCount must be an integer of at least 2 (got ${classCount})`);
  }
  for (let i = 0; i < rows; i++) {
    if (!(y[i] >= 0 && y[i] < classCount)) {
      throw new RangeError(`y[${i}] = ${y[i]} is not a class index below ${classCount}`);
    }
  }

  const { learningRate, maxIterations, l2, tolerance } = options;
  const coefficients = new Float64Array(classCount * cols);
  const intercepts = new Float64Array(classCount);
  const coefficientGradient = new Float64Array(classCount * cols);
  const interceptGradient = new Float64Array(classCount);
  const probabilities = new Float64Array(classCount);

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    coefficientGradient.fill(0);
    interceptGradient.fill(0);
    for (let i = 0; i < rows; i++) {
      const rowOffset = i * cols;
      for (let c = 0; c < classCount; c++) {
        let score = intercepts[c];
        for (let j = 0; j < cols; j++) score += coefficients[c * cols + j] * x[rowOffset + j];
        probabilities[c] = score;
      }
      softmaxInPlace(probabilities, 0, classCount);
      for (let c = 0; c < classCount; c++) {
        const residual = probabilities[c] - (c === y[i] ? 1 : 0);
        interceptGradient[c] += residual;
        for (let j = 0; j < cols; j++) coefficientGradient[c * cols + j] += residual * x[rowOffset + j];
      }
    }

    let largestGradient = 0;
    for (let k = 0; k < coefficients.length; k++) {
      coefficientGradient[k] = coefficientGradient[k] / rows + l2 * coefficients[k];
      largestGradient = Math.max(largestGradient, Math.abs(coefficientGradient[k]));
    }
    for (let c = 0; c < classCount; c++) {
      interceptGradient[c] /= rows;
      largestGradient = Math.max(largestGradient, Math.abs(interceptGradient[c]));
    }
    if (largestGradient < tolerance) break;

    for (let k = 0; k < coefficients.length; k++) coefficients[k] -= learningRate * coefficientGradient[k];
    for (let c = 0; c < classCount; c++) intercepts[c] -= learningRate * interceptGradient[c];
  }
  return { coefficients, intercepts, iterations };
}
