/**
 * Numerically stable softmax of `values[offset .. offset+length)`, in place:
 * softmax(z)_k = exp(z_k − max z) / Σ_j exp(z_j − max z).
 * Subtracting the maximum keeps exp() from overflowing without changing the result.
 */
export function softmaxInPlace(values: Float64Array, offset: number, length: number): void {
  let max = -Infinity;
  for (let k = offset; k < offset + length; k++) {
    if (values[k] > max) max = values[k];
  }
  let sum = 0;
  for (let k = offset; k < offset + length; k++) {
    values[k] = Math.exp(values[k] - max);
    sum += values[k];
  }
  for (let k = offset; k < offset + length; k++) {
    values[k] /= sum;
  }
}
