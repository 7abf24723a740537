/**
 * Rejects values that are not finite once rounded to float32, the type ONNX
 * float attributes are stored in: 1e39 is finite in float64 but not in float32.
 */
export function assertFiniteFloat32(name: string, values: ArrayLike<number>, expectedLength: number): void {
  if (values.length !== expectedLength) {
    throw new RangeError(`${name} has ${values.length} values, expected ${expectedLength}`);
  }
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(Math.fround(values[k]))) {
      throw new RangeError(`${name}[${k}] is not finite in float32 (${values[k]})`);
    }
  }
}
