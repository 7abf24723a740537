import { choleskySolve } from '../linalg/cholesky-solve';

export interface RidgeRegressionOptions {
  /** λ in ‖y − Xβ − b‖² + λ‖β‖² (sklearn's `alpha`); the intercept b is not penalised. */
  l2: number;
}

export interface RidgeRegressionModel {
  coefficients: Float64Array;
  intercept: number;
}

/**
 * Ridge regression in closed form (Hoerl & Kennard 1970). Centring X and y
 * removes the intercept from the problem, leaving the normal equations
 * (XcᵀXc + λI) β = Xcᵀyc, solved by Cholesky; then b = ȳ − x̄ᵀβ.
 */
export function fitRidgeRegression(
  x: Float64Array,
  rows: number,
  cols: number,
  y: Float64Array,
  options: RidgeRegressionOptions,
): RidgeRegressionModel {
  if (x.length !== rows * cols) throw new RangeError(`matrix of length ${x.length} is not ${rows}×${cols}`);
  if (y.length !== rows) throw new RangeError(`y has ${y.length} entries for ${rows} rows`);
  if (rows < 1) throw new RangeError('fitRidgeRegression needs at least one row');
  if (!(options.l2 >= 0)) throw new RangeError(`l2 must be non-negative (got ${options.l2})`);

  const columnMeans = new Float64Array(cols);
  let targetMean = 0;
  for (let i = 0; i < rows; i++) {
    targetMean += y[i];
    for (let j = 0; j < cols; j++) columnMeans[j] += x[i * cols + j];
  }
  targetMean /= rows;
  for (let j = 0; j < cols; j++) columnMeans[j] /= rows;

  const gram = new Float64Array(cols * cols);
  const moment = new Float64Array(cols);
  const centredRow = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) centredRow[j] = x[i * cols + j] - columnMeans[j];
    const centredTarget = y[i] - targetMean;
    for (let j = 0; j < cols; j++) {
      moment[j] += centredRow[j] * centredTarget;
      for (let k = 0; k <= j; k++) gram[j * cols + k] += centredRow[j] * centredRow[k];
    }
  }
  for (let j = 0; j < cols; j++) {
    gram[j * cols + j] += options.l2;
    for (let k = 0; k < j; k++) gram[k * cols + j] = gram[j * cols + k];
  }

  let coefficients: Float64Array;
  try {
    coefficients = choleskySolve(gram, cols, moment);
  } catch (error) {
    throw new Error(
      'ridge normal equations are singular (constant or collinear features); use a positive l2',
      { cause: error },
    );
  }

  let intercept = targetMean;
  for (let j = 0; j < cols; j++) intercept -= columnMeans[j] * coefficients[j];
  return { coefficients, intercept };
}
