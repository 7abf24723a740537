/**
 * The input field a training RangeError is about, as a dotted path under `input`:
 * messages name hyperparameters as `hyperparameters.<name>` and the fold count as
 * `crossValidation.folds`.
 */
export function trainingErrorField(error: RangeError): string {
  const path = /\b((?:hyperparameters|crossValidation)\.\w+)/.exec(error.message)?.[1];
  return path ? `input.${path}` : 'input';
}
