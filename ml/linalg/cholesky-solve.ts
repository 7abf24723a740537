/**
 * Solves A x = b for a symmetric positive-definite n×n matrix A (row-major)
 * by Cholesky factorisation A = L Lᵀ, then forward (L z = b) and back
 * (Lᵀ x = z) substitution (Golub & Van Loan, Matrix Computations, §4.2).
 *
 * Throws when A is not numerically positive definite, which for normal
 * equations means collinear columns and no regularisation to break the tie.
 * Inputs are left untouched.
 */
export function choleskySolve(a: Float64Array, n: number, b: Float64Array): Float64Array {
  if (a.length !== n * n) throw new RangeError(`matrix of length ${a.length} is not ${n}×${n}`);
  if (b.length !== n) throw new RangeError(`right-hand side has ${b.length} entries, expected ${n}`);

  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= lower[i * n + k] * lower[j * n + k];
      if (i === j) {
        // Relative threshold: a pivot this small compared with the diagonal is rounding noise.
        if (!(sum > a[i * n + i] * 1e-12)) {
          throw new Error(`matrix is not positive definite (pivot ${sum} at column ${i})`);
        }
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / lower[j * n + j];
      }
    }
  }

  const solution = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= lower[i * n + k] * solution[k];
    solution[i] = sum / lower[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = solution[i];
    for (let k = i + 1; k < n; k++) sum -= lower[k * n + i] * solution[k];
    solution[i] = sum / lower[i * n + i];
  }
  return solution;
}
