import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import type { ModelTask } from '../domain/pipeline';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { onnxInputs } from '../ml/features/onnx-inputs';
import { ONNX_LABEL_OUTPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME } from '../ml/onnx/model-contract';
import type { TrainerModelContract } from './external-trainer-spec';

/** Enough rows to catch a model that loads but cannot score, few enough to cost nothing. */
const SMOKE_TEST_ROWS = 8;

export interface TrainerModelExpectations {
  task: ModelTask;
  classLabels: string[];
  contract: TrainerModelContract;
  /** The run's features and their values, to score `sampleRows` with. */
  featureSpec: FeatureSpec;
  columns: FeatureColumns;
  sampleRows: Uint32Array;
}

/**
 * What is wrong with an external trainer's model.onnx, or null when it loads in
 * onnxruntime, has the contract's inputs, outputs and metadata, and scores a few
 * rows sensibly. Checked here so a broken model fails training, naming the
 * problem, rather than evaluation or serving later.
 */
export async function trainerModelProblem(bytes: Uint8Array, expected: TrainerModelExpectations): Promise<string | null> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes);
  } catch (error) {
    return `it is not a valid ONNX model onnxruntime can load: ${(error as Error).message}`;
  }
  try {
    return (
      signatureProblem(session, expected.contract) ??
      metadataProblem(bytes, expected.contract) ??
      (await scoringProblem(session, expected))
    );
  } finally {
    await session.release();
  }
}

function signatureProblem(session: ort.InferenceSession, contract: TrainerModelContract): string | null {
  const expectedNames = contract.inputs.map((input) => input.name);
  if (JSON.stringify([...session.inputNames].sort()) !== JSON.stringify([...expectedNames].sort())) {
    return `its inputs are ${JSON.stringify(session.inputNames)}; expected exactly ${JSON.stringify(expectedNames)}`;
  }
  for (const expected of contract.inputs) {
    const actual = session.inputMetadata[session.inputNames.indexOf(expected.name)];
    if (!actual.isTensor || actual.type !== expected.type || actual.shape.length !== 2 || actual.shape[1] !== expected.features.length) {
      const description = actual.isTensor ? `${actual.type} [${actual.shape.join(', ')}]` : 'not a tensor';
      return `input "${expected.name}" must be ${expected.type} [N, ${expected.features.length}]; it is ${description}`;
    }
  }
  const missing = contract.outputs.filter((name) => !session.outputNames.includes(name));
  return missing.length > 0 ? `it lacks the output(s) ${JSON.stringify(missing)} (it has ${JSON.stringify(session.outputNames)})` : null;
}

function metadataProblem(bytes: Uint8Array, contract: TrainerModelContract): string | null {
  const actual = new Map(onnx.ModelProto.decode(bytes).metadataProps.map(({ key, value }) => [key, value]));
  for (const [key, value] of Object.entries(contract.metadata)) {
    if (actual.get(key) !== value) {
      return `metadata_props["${key}"] must be ${JSON.stringify(value)} (it is ${JSON.stringify(actual.get(key) ?? null)})`;
    }
  }
  return null;
}

async function scoringProblem(session: ort.InferenceSession, expected: TrainerModelExpectations): Promise<string | null> {
  const rows = expected.sampleRows.subarray(0, SMOKE_TEST_ROWS);
  const inputs = onnxInputs(expected.featureSpec, expected.columns, rows);
  let outputs: ort.InferenceSession.ReturnType;
  try {
    outputs = await session.run(inputs);
  } catch (error) {
    return `it fails to score ${rows.length} rows: ${(error as Error).message}`;
  }
  if (expected.task === 'REGRESSION') {
    const prediction = outputs[ONNX_PREDICTION_OUTPUT_NAME];
    if (!sameDims(prediction.dims, [rows.length, 1])) {
      return `"${ONNX_PREDICTION_OUTPUT_NAME}" has shape [${prediction.dims}]; expected [${rows.length}, 1]`;
    }
    const values = Array.from(prediction.data as Float32Array);
    return values.every(Number.isFinite) ? null : `it predicts non-finite values (${values.join(', ')})`;
  }
  const labels = outputs[ONNX_LABEL_OUTPUT_NAME].data as string[];
  const unknown = labels.find((label) => !expected.classLabels.includes(label));
  if (unknown !== undefined) return `it predicts the label ${JSON.stringify(unknown)}, which is not in classLabels`;
  const probabilities = outputs[ONNX_PROBABILITIES_OUTPUT_NAME];
  const classCount = expected.classLabels.length;
  if (!sameDims(probabilities.dims, [rows.length, classCount])) {
    const expectedShape = `[${rows.length}, ${classCount}] (one column per class label)`;
    return `"${ONNX_PROBABILITIES_OUTPUT_NAME}" has shape [${probabilities.dims}]; expected ${expectedShape}`;
  }
  return null;
}

function sameDims(actual: readonly number[], expected: number[]): boolean {
  return actual.length === expected.length && actual.every((dim, i) => dim === expected[i]);
}
