/**
 * The input field a training RangeError is about, as a dotted path under `input`:
 * messages name hyperparameters as `hyperparameters.<name>`.
 */
export function trainingErrorField(error: RangeError): string {
  const name = /hyperparameters\.(\w+)/.exec(error.message)?.[1];
  return name ? `input.hyperparameters.${name}` : 'input';
}
