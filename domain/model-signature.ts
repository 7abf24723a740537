import type { ModelTask } from './pipeline';

/**
 * How a model version's ONNX inputs and outputs meet its features and predictions,
 * stored with the version. Every scorer (evaluation, serving, batch scoring, prediction
 * drift, permutation importance) builds its feeds and reads its results by it, so a
 * model keeps the signature it was exported with: ours (`numeric_features` +
 * `categorical_features`), one float tensor [N, k], or one tensor per column.
 */
export interface ModelSignature {
  inputs: ModelInput[];
  outputs: ModelOutputs;
}

export const MODEL_INPUT_TYPES = ['float32', 'float64', 'int64', 'string'] as const;
export type ModelInputType = (typeof MODEL_INPUT_TYPES)[number];

/**
 * One ONNX input: a tensor [N, features.length] holding `features` in column order.
 * A string input reads categorical (string) features, '' for a missing value; the
 * others read numeric ones, NaN for a missing value (an int64 input takes no missing
 * or fractional value).
 */
export interface ModelInput {
  name: string;
  type: ModelInputType;
  features: string[];
}

export type ModelOutputs = ClassifierOutputs | RegressorOutputs;

export interface ClassifierOutputs {
  kind: 'CLASSIFIER';
  /** The predicted class per row: string or int64, [N] or [N, 1]. */
  label: string;
  /** The class probabilities, columns in the version's class-label order. */
  probabilities: string;
  /**
   * When `probabilities` is scikit-learn's ZipMap (a sequence of {label: probability}
   * maps, which onnxruntime-node cannot return), the float tensor [N, C] the ZipMap
   * reads: scorers fetch it instead. Null when `probabilities` is itself that tensor.
   */
  zipMapInput: string | null;
}

export interface RegressorOutputs {
  kind: 'REGRESSOR';
  /** The prediction per row, float or double, [N] or [N, 1]. */
  prediction: string;
}

/** The names of the model contract (ml/onnx/model-contract.ts), repeated here because domain/ imports nothing from ml/. */
const CONTRACT = { numeric: 'numeric_features', categorical: 'categorical_features', label: 'label', probabilities: 'probabilities', prediction: 'prediction' };

/**
 * The signature of a model built on Provenant's own contract, for `features` split by
 * kind: what built-in trainers produce, and what a version stored without a signature
 * (registered before signatures were recorded) has.
 */
export function contractSignature(task: ModelTask, features: { numeric: string[]; categorical: string[] }): ModelSignature {
  const outputs: ModelOutputs =
    task === 'CLASSIFICATION'
      ? { kind: 'CLASSIFIER', label: CONTRACT.label, probabilities: CONTRACT.probabilities, zipMapInput: null }
      : { kind: 'REGRESSOR', prediction: CONTRACT.prediction };
  return { inputs: contractInputs(features), outputs };
}

/** The contract's inputs: `numeric_features` float32 [N, k] and `categorical_features` string [N, m], each only when it has features. */
export function contractInputs(features: { numeric: string[]; categorical: string[] }): ModelInput[] {
  const inputs: ModelInput[] = [];
  if (features.numeric.length > 0) inputs.push({ name: CONTRACT.numeric, type: 'float32', features: features.numeric });
  if (features.categorical.length > 0) inputs.push({ name: CONTRACT.categorical, type: 'string', features: features.categorical });
  return inputs;
}

/** A version's stored signature, or the contract's for one stored without (null). */
export function signatureOrContract(
  stored: ModelSignature | null | undefined,
  task: ModelTask,
  features: { numeric: string[]; categorical: string[] },
): ModelSignature {
  return stored ?? contractSignature(task, features);
}

/**
 * The identifier converters make of a column name for an input (skl2onnx's
 * `_generate_unique_name`: every character but letters, digits, '_' and '+' becomes '_',
 * and a leading digit gets a '_' before it; "Beak Length (mm)" → "Beak_Length__mm_").
 * An input is matched to a column by its exact name or by this.
 */
export function converterIdentifier(column: string): string {
  const identifier = column.replace(/[^\p{L}\p{N}_+]/gu, '_');
  return /^[0-9]/.test(identifier) ? `_${identifier}` : identifier;
}
