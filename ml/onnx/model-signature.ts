import type * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import {
  MODEL_INPUT_TYPES,
  converterIdentifier,
  type ModelInput,
  type ModelInputType,
  type ModelOutputs,
  type ModelSignature,
} from '../../domain/model-signature';
import type { ModelTask } from '../../domain/pipeline';
import type { FeatureColumns, FeatureSpec } from '../features/feature-spec';
import {
  ONNX_CATEGORICAL_FEATURES_METADATA_KEY,
  ONNX_CATEGORICAL_INPUT_NAME,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_NUMERIC_FEATURES_METADATA_KEY,
  ONNX_NUMERIC_INPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from './model-contract';
import { declaredClassLabels } from './class-labels';
import { scorableModelBytes, scoringFeeds, scoringFetches } from './model-scoring';
import { onnxRuntime } from './onnx-runtime';

/** An input given explicitly: the declared features it takes, in column order. */
export interface InputMappingEntry {
  input: string;
  features: string[];
}

/** Outputs given explicitly; the others are inferred. */
export interface OutputMapping {
  label?: string | null;
  probabilities?: string | null;
  prediction?: string | null;
}

export interface ModelSignatureExpectations {
  task: ModelTask;
  /** The features the model is declared to read, split by kind (numeric, categorical). */
  spec: FeatureSpec;
  /** The declared features in the order given: a single [N, k] input takes them in this order. Defaults to numeric then categorical. */
  features?: string[];
  /**
   * Whether a contract model must list its features in metadata_props. Our trainers always
   * write them; a model produced elsewhere may lack them, and then its declared features stand alone.
   */
  requireFeatureMetadata?: boolean;
  inputMapping?: InputMappingEntry[] | null;
  outputMapping?: OutputMapping | null;
  /**
   * A classifier's class labels, when known (an external trainer's spec gives them); otherwise
   * those the graph declares, which an imported classifier must. The probabilities need one column each.
   */
  classLabels?: string[];
}

/** Where a problem lies: the model file itself, or an explicit mapping that does not fit it. */
export type SignatureProblemField = 'artifact' | 'inputMapping' | 'outputMapping';

export type SignatureOutcome =
  | { signature: ModelSignature; classLabels: string[]; problem?: undefined; field?: undefined }
  | { signature?: undefined; classLabels?: undefined; problem: string; field: SignatureProblemField };

class SignatureProblem extends Error {
  constructor(
    message: string,
    readonly field: SignatureProblemField = 'artifact',
  ) {
    super(message);
  }
}

/** Output names the converters give (skl2onnx, onnxmltools, Provenant's contract), preferred when the types leave a choice. */
const CONVENTIONAL_OUTPUTS = {
  label: [ONNX_LABEL_OUTPUT_NAME, 'output_label'],
  probabilities: [ONNX_PROBABILITIES_OUTPUT_NAME, 'output_probability', 'probability'],
  prediction: [ONNX_PREDICTION_OUTPUT_NAME, 'variable', 'output', 'predictions'],
};
const CONTRACT_INPUT_NAMES = [ONNX_NUMERIC_INPUT_NAME, ONNX_CATEGORICAL_INPUT_NAME];
const FLOAT_TYPES = ['float32', 'float64'];

/**
 * The signature of the ONNX model in `bytes` for the declared features and task: which
 * input takes which features, and which outputs hold the label and probabilities or the
 * prediction. Inputs are matched by `inputMapping`, then by name (a feature's exact name
 * or the identifier a converter makes of it), then the one input left takes the features
 * left, in the order given; the contract's inputs take the features of their kind.
 * Outputs are `outputMapping`'s, or the only output of the fitting type, or the one with
 * a conventional name. Anything ambiguous or of the wrong type or shape is a problem
 * naming the input or output and what was expected. The model must also load in
 * onnxruntime and score a row whose every value is missing, as serving may send; the
 * shapes of that row's outputs are checked too. Checked once, when a model enters the
 * registry, so every scorer can rely on it.
 */
export async function inferModelSignature(bytes: Uint8Array, expected: ModelSignatureExpectations): Promise<SignatureOutcome> {
  let session: ort.InferenceSession;
  try {
    session = await onnxRuntime().InferenceSession.create(bytes);
  } catch (error) {
    return { problem: `it is not a valid ONNX model onnxruntime can load: ${(error as Error).message}`, field: 'artifact' };
  }
  try {
    const graph = onnx.ModelProto.decode(bytes);
    const inputs = inferInputs(session, expected);
    if (inputs.every((input) => CONTRACT_INPUT_NAMES.includes(input.name))) metadataCheck(graph, expected);
    const signature: ModelSignature = { inputs, outputs: inferOutputs(session, graph, expected) };
    const classLabels = expected.task === 'CLASSIFICATION' ? (expected.classLabels ?? declaredClassLabels(bytes)) : [];
    if (!classLabels) {
      throw new SignatureProblem('a classifier must declare its class labels (classlabels_strings or classlabels_int64s), in probability column order');
    }
    await probe(bytes, signature, expected.spec, classLabels);
    return { signature, classLabels };
  } catch (error) {
    if (error instanceof SignatureProblem) return { problem: error.message, field: error.field };
    throw error;
  } finally {
    await session.release();
  }
}

/** What keeps the model in `bytes` from being scored for `expected`, or null: `inferModelSignature` for callers that need only the verdict. */
export async function modelSignatureProblem(bytes: Uint8Array, expected: ModelSignatureExpectations): Promise<string | null> {
  return (await inferModelSignature(bytes, expected)).problem ?? null;
}

function inferInputs(session: ort.InferenceSession, expected: ModelSignatureExpectations): ModelInput[] {
  const { spec } = expected;
  const declared = expected.features ?? [...spec.numeric, ...spec.categorical];
  const metadata = new Map(session.inputNames.map((name, i) => [name, session.inputMetadata[i]]));
  const assigned = new Map<string, string[]>();

  for (const entry of expected.inputMapping ?? []) {
    if (!metadata.has(entry.input)) {
      throw new SignatureProblem(`names the input "${entry.input}", which the model lacks (its inputs are ${JSON.stringify(session.inputNames)})`, 'inputMapping');
    }
    const unknown = entry.features.find((feature) => !declared.includes(feature));
    if (unknown !== undefined) {
      throw new SignatureProblem(`maps input "${entry.input}" to ${JSON.stringify(unknown)}, which is not among the declared features ${JSON.stringify(declared)}`, 'inputMapping');
    }
    if (entry.features.length === 0) throw new SignatureProblem(`maps input "${entry.input}" to no feature`, 'inputMapping');
    assigned.set(entry.input, entry.features);
  }

  const unassigned = () => session.inputNames.filter((name) => !assigned.has(name));
  if (unassigned().every((name) => CONTRACT_INPUT_NAMES.includes(name))) {
    const byKind = { [ONNX_NUMERIC_INPUT_NAME]: spec.numeric, [ONNX_CATEGORICAL_INPUT_NAME]: spec.categorical };
    for (const name of unassigned()) {
      const features = byKind[name as keyof typeof byKind];
      if (features.length === 0) {
        throw new SignatureProblem(`it takes the input ${name}, but no ${name === ONNX_NUMERIC_INPUT_NAME ? 'numeric' : 'categorical'} features are declared`);
      }
      assigned.set(name, features);
    }
  } else {
    for (const name of unassigned()) {
      const exact = declared.filter((feature) => feature === name);
      const candidates = exact.length > 0 ? exact : declared.filter((feature) => converterIdentifier(feature) === name);
      if (candidates.length > 1) {
        throw new SignatureProblem(`input "${name}" could be any of the features ${JSON.stringify(candidates)} (a converter names them all alike); give inputMapping`);
      }
      if (candidates.length === 1) assigned.set(name, candidates);
    }
  }

  const taken = new Set([...assigned.values()].flat());
  const leftFeatures = declared.filter((feature) => !taken.has(feature));
  const leftInputs = unassigned();
  if (leftInputs.length === 1 && leftFeatures.length > 0) {
    assigned.set(leftInputs[0], leftFeatures);
  } else if (leftInputs.length > 0) {
    const described = leftInputs.map((name) => `"${name}" (${describe(metadata.get(name)!)})`).join(', ');
    throw new SignatureProblem(
      `its input(s) ${described} match no declared feature by name (exactly or as a converter spells it: ${JSON.stringify(declared.map(converterIdentifier))}) and no features are left for them; give inputMapping`,
    );
  }

  const inputs = session.inputNames.map((name) => checkedInput(name, metadata.get(name)!, assigned.get(name)!, spec));
  const counts = new Map<string, number>();
  for (const feature of inputs.flatMap((input) => input.features)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const twice = [...counts].find(([, count]) => count > 1);
  if (twice) throw new SignatureProblem(`feature ${JSON.stringify(twice[0])} is taken by more than one input`, expected.inputMapping?.length ? 'inputMapping' : 'artifact');
  const unread = declared.filter((feature) => !counts.has(feature));
  if (unread.length > 0) throw new SignatureProblem(`no input of the model takes the declared feature(s) ${JSON.stringify(unread)} (its inputs are ${JSON.stringify(session.inputNames)})`);
  return inputs;
}

/** The input as scoring will feed it: a tensor [N, features] of a type the features' kind fits. */
function checkedInput(name: string, metadata: ort.InferenceSession.ValueMetadata, features: string[], spec: FeatureSpec): ModelInput {
  const width = features.length;
  if (!metadata.isTensor || !(MODEL_INPUT_TYPES as readonly string[]).includes(metadata.type)) {
    throw new SignatureProblem(`input "${name}" must be a float, double, int64 or string tensor; it is ${describe(metadata)}`);
  }
  const type = metadata.type as ModelInputType;
  const kind = type === 'string' ? 'categorical' : 'numeric';
  const misfit = features.find((feature) => !spec[kind].includes(feature));
  if (misfit !== undefined) {
    const other = kind === 'numeric' ? 'a string column (categorical)' : 'a number column (numeric)';
    throw new SignatureProblem(`input "${name}" is a ${type} tensor, but it would take ${JSON.stringify(misfit)}, ${other}; a ${type} input takes ${kind} features`);
  }
  if (metadata.shape.length !== 2 || typeof metadata.shape[0] === 'number') {
    throw new SignatureProblem(`input "${name}" must have the shape [N, ${width}] with N the batch size; it is ${describe(metadata)}`);
  }
  if (metadata.shape[1] !== width) {
    const listed = `${width === 1 ? 'the feature' : `the ${width} features`} ${JSON.stringify(features)}`;
    throw new SignatureProblem(`input "${name}" has width ${dimension(metadata.shape[1])}, but it takes ${listed}; it must have the shape [N, ${width}]`);
  }
  return { name, type, features };
}

/** A contract model's feature lists, where it records them, must be the declared ones in the same order. */
function metadataCheck(model: onnx.ModelProto, expected: ModelSignatureExpectations): void {
  const actual = new Map(model.metadataProps.map(({ key, value }) => [key, value]));
  const lists: [string, string[]][] = [
    [ONNX_NUMERIC_FEATURES_METADATA_KEY, expected.spec.numeric],
    [ONNX_CATEGORICAL_FEATURES_METADATA_KEY, expected.spec.categorical],
  ];
  for (const [key, features] of lists) {
    const value = actual.get(key) ?? null;
    if (value === null && !expected.requireFeatureMetadata) continue;
    if (value === null || !sameFeatureList(value, features)) {
      throw new SignatureProblem(`metadata_props["${key}"] must be ${JSON.stringify(JSON.stringify(features))} (it is ${JSON.stringify(value)})`);
    }
  }
}

function sameFeatureList(json: string, features: string[]): boolean {
  try {
    return JSON.stringify(JSON.parse(json)) === JSON.stringify(features);
  } catch {
    return false;
  }
}

function inferOutputs(session: ort.InferenceSession, model: onnx.ModelProto, expected: ModelSignatureExpectations): ModelOutputs {
  const metadata = new Map(session.outputNames.map((name, i) => [name, session.outputMetadata[i]]));
  const explicit = expected.outputMapping ?? {};
  for (const [role, name] of Object.entries(explicit)) {
    if (name && !metadata.has(name)) {
      throw new SignatureProblem(`names the ${role} output "${name}", which the model lacks (its outputs are ${JSON.stringify(session.outputNames)})`, 'outputMapping');
    }
  }
  const zipMapInputOf = (name: string) => model.graph?.node?.find((node) => node.opType === 'ZipMap' && (node.output ?? []).includes(name))?.input?.[0] ?? null;
  const isTensorOf = (types: string[]) => (name: string) => {
    const value = metadata.get(name)!;
    return value.isTensor && types.includes(value.type);
  };
  const pick = (role: keyof typeof CONVENTIONAL_OUTPUTS, fits: (name: string) => boolean, expectation: string): string => {
    const given = explicit[role];
    if (given) {
      if (!fits(given)) throw new SignatureProblem(`output "${given}" must be ${expectation}; it is ${describe(metadata.get(given)!)}`, 'outputMapping');
      return given;
    }
    const candidates = session.outputNames.filter(fits);
    if (candidates.length === 1) return candidates[0];
    const conventional = candidates.filter((name) => CONVENTIONAL_OUTPUTS[role].includes(name));
    if (conventional.length === 1) return conventional[0];
    const kind = expected.task === 'CLASSIFICATION' ? 'a classifier' : 'a regressor';
    if (candidates.length === 0) {
      const outputs = session.outputNames.map((name) => `"${name}" (${describe(metadata.get(name)!)})`).join(', ');
      throw new SignatureProblem(`it has no ${role} output of ${kind}: ${expectation}; its outputs are ${outputs || 'none'}`);
    }
    throw new SignatureProblem(`the ${role} output is ambiguous: any of ${JSON.stringify(candidates)} could be it (${expectation}); give outputMapping.${role}`);
  };

  if (expected.task === 'REGRESSION') {
    return { kind: 'REGRESSOR', prediction: pick('prediction', isTensorOf(FLOAT_TYPES), 'a float or double tensor [N, 1] or [N]') };
  }
  const label = pick('label', isTensorOf(['string', 'int64']), 'a string or int64 tensor [N]');
  const probabilities = pick(
    'probabilities',
    (name) => isTensorOf(FLOAT_TYPES)(name) || (!metadata.get(name)!.isTensor && zipMapInputOf(name) !== null),
    'a float tensor [N, C] or a ZipMap of class probabilities',
  );
  return { kind: 'CLASSIFIER', label, probabilities, zipMapInput: metadata.get(probabilities)!.isTensor ? null : zipMapInputOf(probabilities) };
}

/**
 * Scores one row with every value missing (NaN, '', 0 for an int64 input, which has no
 * missing marker): serving may send it, and the outputs' actual shapes settle what
 * symbolic dimensions in the metadata leave open.
 */
async function probe(bytes: Uint8Array, signature: ModelSignature, spec: FeatureSpec, classLabels: string[]): Promise<void> {
  const wholeNumbers = new Set(signature.inputs.filter((input) => input.type === 'int64').flatMap((input) => input.features));
  const columns: FeatureColumns = {
    numericColumns: spec.numeric.map((feature) => Float64Array.of(wholeNumbers.has(feature) ? 0 : Number.NaN)),
    categoricalColumns: spec.categorical.map(() => [null]),
  };
  const session = await onnxRuntime().InferenceSession.create(scorableModelBytes(bytes, signature));
  let results: ort.InferenceSession.ReturnType;
  try {
    results = await session.run(scoringFeeds(signature.inputs, spec, columns, [0]), scoringFetches(signature));
  } catch (error) {
    throw new SignatureProblem(`it fails to score a row with every feature missing (NaN, ''), as serving may send: ${(error as Error).message}`);
  } finally {
    await session.release();
  }
  const { outputs } = signature;
  const shapes: [string, (dims: readonly number[]) => boolean, string][] =
    outputs.kind === 'REGRESSOR'
      ? [[outputs.prediction, (dims) => isRowVector(dims), '[1, 1] or [1]']]
      : [
          [outputs.label, (dims) => isRowVector(dims), '[1] or [1, 1]'],
          [outputs.zipMapInput ?? outputs.probabilities, (dims) => dims.length === 2 && dims[0] === 1 && dims[1] > 0, '[1, C] with C the class count'],
        ];
  for (const [name, fits, shape] of shapes) {
    const { dims } = results[name];
    if (!fits(dims)) throw new SignatureProblem(`output "${name}" has the shape [${dims.join(', ')}] for one row; it must be ${shape}`);
  }
  if (outputs.kind === 'CLASSIFIER') {
    const width = results[outputs.zipMapInput ?? outputs.probabilities].dims[1];
    if (width !== classLabels.length) {
      throw new SignatureProblem(`output "${outputs.probabilities}" gives ${width} probability columns, but the model has ${classLabels.length} class labels ${JSON.stringify(classLabels)}`);
    }
  }
}

function isRowVector(dims: readonly number[]): boolean {
  return (dims.length === 1 && dims[0] === 1) || (dims.length === 2 && dims[0] === 1 && dims[1] === 1);
}

function describe(metadata: ort.InferenceSession.ValueMetadata): string {
  if (!metadata.isTensor) return 'not a tensor';
  const shape = metadata.shape.length === 0 ? 'of unknown shape' : `[${metadata.shape.map(dimension).join(', ')}]`;
  return `${metadata.type} ${shape}`;
}

/** onnxruntime reports a dimension without a value or a name as ''. */
function dimension(dim: number | string): string {
  return dim === '' ? '?' : String(dim);
}
