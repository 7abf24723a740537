/** Class-indexed metrics count row i under class `value`, so it must be an integer in [0, classCount). */
export function assertClassIndex(value: number, classCount: number, name: string, row: number): void {
  if (!(Number.isInteger(value) && value >= 0 && value < classCount)) {
    throw new RangeError(`${name}[${row}] = ${value} is not a class index below ${classCount}`);
  }
}
