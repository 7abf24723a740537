export interface KnownLabelRows {
  actualIndex: number[];
  predictedIndex: number[];
  /** Rows × classes of the kept rows. */
  probabilities: Float64Array;
  /** Rows left out because their actual label is not one of the model's classes. */
  unseen: number;
}

/**
 * Class indexes of the rows whose actual label the model knows. A held-out label the
 * training split never saw cannot be scored against the model's classes: such rows are
 * left out and counted, not silently dropped.
 */
export function knownLabelRows(
  actual: string[],
  predicted: string[],
  probabilities: Float64Array | Float32Array,
  classLabels: string[],
): KnownLabelRows {
  const classCount = classLabels.length;
  const known = actual.flatMap((label, row) => (classLabels.includes(label) ? [row] : []));
  const kept = new Float64Array(known.length * classCount);
  known.forEach((row, i) => kept.set(probabilities.subarray(row * classCount, (row + 1) * classCount), i * classCount));
  return {
    actualIndex: known.map((row) => classLabels.indexOf(actual[row])),
    predictedIndex: known.map((row) => classLabels.indexOf(predicted[row])),
    probabilities: kept,
    unseen: actual.length - known.length,
  };
}
