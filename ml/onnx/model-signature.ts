import type * as ort from 'onnxruntime-node';
import { onnxRuntime } from './onnx-runtime';
import { onnx } from 'onnx-proto';
import type { ModelTask } from '../../domain/pipeline';
import type { FeatureSpec } from '../features/feature-spec';
import {
  ONNX_CATEGORICAL_FEATURES_METADATA_KEY,
  ONNX_CATEGORICAL_INPUT_NAME,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_MISSING_CATEGORY,
  ONNX_NUMERIC_FEATURES_METADATA_KEY,
  ONNX_NUMERIC_INPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from './model-contract';

export interface ModelSignatureExpectations {
  task: ModelTask;
  /** The features the model is declared to read, in input column order. */
  spec: FeatureSpec;
  /**
   * Whether the feature lists must be in metadata_props. Our trainers always write them;
   * a model produced elsewhere may lack them, and then its declared features stand alone.
   */
  requireFeatureMetadata?: boolean;
}

interface ContractInput {
  name: string;
  kind: 'numeric' | 'categorical';
  type: 'float32' | 'string';
  metadataKey: string;
  features: string[];
}

interface ContractOutput {
  name: string;
  type: 'float32' | 'string';
  /** The shape for a batch of one row; null stands for the class count, any positive number. */
  probeShape: (number | null)[];
}

const OUTPUTS: Record<ModelTask, ContractOutput[]> = {
  CLASSIFICATION: [
    { name: ONNX_LABEL_OUTPUT_NAME, type: 'string', probeShape: [1] },
    { name: ONNX_PROBABILITIES_OUTPUT_NAME, type: 'float32', probeShape: [1, null] },
  ],
  REGRESSION: [{ name: ONNX_PREDICTION_OUTPUT_NAME, type: 'float32', probeShape: [1, 1] }],
};

/**
 * What keeps a model from serving under the contract of ml/onnx/model-contract.ts for
 * `expected`, or null when nothing does: it loads in onnxruntime; takes exactly the
 * inputs the declared features call for, with their types and widths; gives the task's
 * outputs; any feature lists in metadata_props match the declared ones; and it scores a
 * row whose every value is missing, as serving may send, with outputs of the contract's
 * shapes. Checked once, when a model enters the registry, so evaluation and serving can
 * rely on it.
 */
export async function modelSignatureProblem(bytes: Uint8Array, expected: ModelSignatureExpectations): Promise<string | null> {
  let session: ort.InferenceSession;
  try {
    session = await onnxRuntime().InferenceSession.create(bytes);
  } catch (error) {
    return `it is not a valid ONNX model onnxruntime can load: ${(error as Error).message}`;
  }
  try {
    const inputs = contractInputs(expected.spec);
    const outputs = OUTPUTS[expected.task];
    return (
      inputsProblem(session, inputs) ??
      outputsProblem(session, expected.task, outputs) ??
      metadataProblem(bytes, inputs, expected.requireFeatureMetadata ?? false) ??
      (await probeProblem(session, inputs, outputs))
    );
  } finally {
    await session.release();
  }
}

function contractInputs(spec: FeatureSpec): ContractInput[] {
  return [
    { name: ONNX_NUMERIC_INPUT_NAME, kind: 'numeric', type: 'float32', metadataKey: ONNX_NUMERIC_FEATURES_METADATA_KEY, features: spec.numeric },
    {
      name: ONNX_CATEGORICAL_INPUT_NAME,
      kind: 'categorical',
      type: 'string',
      metadataKey: ONNX_CATEGORICAL_FEATURES_METADATA_KEY,
      features: spec.categorical,
    },
  ];
}

/** Each contract input is present exactly when its kind has features, as [N, feature count]. */
function inputsProblem(session: ort.InferenceSession, inputs: ContractInput[]): string | null {
  const contractNames = inputs.map((input) => input.name);
  const unknown = session.inputNames.find((name) => !contractNames.includes(name));
  if (unknown !== undefined) {
    return `it takes the input "${unknown}", which the contract does not define (inputs are named ${JSON.stringify(contractNames)})`;
  }
  for (const input of inputs) {
    const index = session.inputNames.indexOf(input.name);
    const declared = `the declared ${input.kind} features are ${input.features.length}: ${JSON.stringify(input.features)}`;
    if (index < 0) {
      if (input.features.length > 0) return `it lacks the input ${input.name}; ${declared}`;
      continue;
    }
    if (input.features.length === 0) return `it takes the input ${input.name}, but no ${input.kind} features are declared`;
    const actual = session.inputMetadata[index];
    if (!actual.isTensor || actual.type !== input.type) {
      return `input ${input.name} must be a ${input.type} tensor; it is ${describe(actual)}`;
    }
    if (actual.shape.length !== 2 || typeof actual.shape[0] === 'number') {
      return `input ${input.name} must have the shape [N, ${input.features.length}] with N the batch size; it is ${describe(actual)}`;
    }
    if (actual.shape[1] !== input.features.length) {
      return `input ${input.name} has width ${dimension(actual.shape[1])}, ${declared}`;
    }
  }
  return null;
}

function outputsProblem(session: ort.InferenceSession, task: ModelTask, outputs: ContractOutput[]): string | null {
  const missing = outputs.filter((output) => !session.outputNames.includes(output.name)).map((output) => output.name);
  if (missing.length > 0) {
    const kind = task === 'CLASSIFICATION' ? 'a classifier' : 'a regressor';
    return `it lacks the output(s) ${JSON.stringify(missing)} of ${kind} (it has ${JSON.stringify(session.outputNames)})`;
  }
  for (const output of outputs) {
    const actual = session.outputMetadata[session.outputNames.indexOf(output.name)];
    if (!actual.isTensor || actual.type !== output.type) {
      return `output ${output.name} must be a ${output.type} tensor; it is ${describe(actual)}`;
    }
  }
  return null;
}

/** The feature lists, where the model records them, must be the declared ones in the same order. */
function metadataProblem(bytes: Uint8Array, inputs: ContractInput[], required: boolean): string | null {
  const actual = new Map(onnx.ModelProto.decode(bytes).metadataProps.map(({ key, value }) => [key, value]));
  for (const input of inputs) {
    const value = actual.get(input.metadataKey) ?? null;
    if (value === null && !required) continue;
    if (value === null || !sameFeatureList(value, input.features)) {
      const expectedValue = JSON.stringify(input.features);
      return `metadata_props["${input.metadataKey}"] must be ${JSON.stringify(expectedValue)} (it is ${JSON.stringify(value)})`;
    }
  }
  return null;
}

function sameFeatureList(json: string, features: string[]): boolean {
  try {
    return JSON.stringify(JSON.parse(json)) === JSON.stringify(features);
  } catch {
    return false;
  }
}

/**
 * Scores one row with every value missing (NaN, ''): the contract lets serving send it,
 * and the outputs' actual shapes settle what symbolic dimensions in the metadata leave open.
 */
async function probeProblem(session: ort.InferenceSession, inputs: ContractInput[], outputs: ContractOutput[]): Promise<string | null> {
  const { Tensor } = onnxRuntime();
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of inputs.filter((candidate) => candidate.features.length > 0)) {
    const width = input.features.length;
    feeds[input.name] =
      input.type === 'float32'
        ? new Tensor('float32', new Float32Array(width).fill(Number.NaN), [1, width])
        : new Tensor('string', new Array<string>(width).fill(ONNX_MISSING_CATEGORY), [1, width]);
  }
  let results: ort.InferenceSession.ReturnType;
  try {
    results = await session.run(feeds);
  } catch (error) {
    return `it fails to score a row with every feature missing (NaN, ''), as serving may send: ${(error as Error).message}`;
  }
  for (const output of outputs) {
    const { dims } = results[output.name];
    const fits = dims.length === output.probeShape.length && output.probeShape.every((dim, i) => (dim === null ? dims[i] > 0 : dims[i] === dim));
    if (!fits) {
      const shape = output.probeShape.map((dim) => (dim === null ? 'C' : dim)).join(', ');
      return `output ${output.name} has the shape [${dims.join(', ')}] for one row; the contract needs [${shape}]`;
    }
  }
  return null;
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
