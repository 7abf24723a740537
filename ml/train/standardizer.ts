/**
 * Per-column z-score standardisation, z = (x − mean) × scale with
 * scale = 1 / population standard deviation (sklearn's StandardScaler).
 * The same (offset, scale) pair is what the ONNX-ML `Scaler` operator applies.
 */
export interface Standardizer {
  mean: Float64Array;
  scale: Float64Array;
}

/** Fits on a row-major rows×cols matrix. Constant columns get scale 1 so they standardise to 0. */
export function fitStandardizer(x: Float64Array, rows: number, cols: number): Standardizer {
  assertMatrixShape(x, rows, cols);
  if (rows < 1) throw new RangeError('fitStandardizer needs at least one row');

  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < rows; i++) {
      const value = x[i * cols + j];
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    mean[j] = sum / rows;

    // Decide constancy from min/max, not from the std: rounding in the mean of a
    // constant column leaves a ~1e-17 std whose reciprocal would amplify noise.
    if (min === max) {
      scale[j] = 1;
      continue;
    }
    // Two-pass variance avoids the cancellation of E[x²] − E[x]².
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      const deviation = x[i * cols + j] - mean[j];
      squares += deviation * deviation;
    }
    scale[j] = 1 / Math.sqrt(squares / rows);
  }
  return { mean, scale };
}

export function standardize(x: Float64Array, rows: number, cols: number, s: Standardizer): Float64Array {
  assertMatrixShape(x, rows, cols);
  if (s.mean.length !== cols || s.scale.length !== cols) {
    throw new RangeError(`standardizer has ${s.mean.length} columns, data has ${cols}`);
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      out[k] = (x[k] - s.mean[j]) * s.scale[j];
    }
  }
  return out;
}

function assertMatrixShape(x: Float64Array, rows: number, cols: number): void {
  if (x.length !== rows * cols) {
    throw new RangeError(`matrix of length ${x.length} is not ${rows}×${cols}`);
  }
}
