import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Hyperparameters, ModelTask, PipelineInput } from '../domain/pipeline';
import type { FeatureSpec } from '../ml/features/feature-spec';
import {
  ONNX_CATEGORICAL_FEATURES_METADATA_KEY,
  ONNX_CATEGORICAL_INPUT_NAME,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_NUMERIC_FEATURES_METADATA_KEY,
  ONNX_NUMERIC_INPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from '../ml/onnx/model-contract';
import type { TrainingData } from './training-data';

/** Bumped whenever a field changes meaning, so a trainer can refuse a spec it does not understand. */
export const TRAINER_SPEC_VERSION = 1;
export const TRAINER_SPEC_FILE = 'spec.json';
export const TRAINER_MODEL_FILE = 'model.onnx';
export const TRAINER_METRICS_FILE = 'metrics.json';

export interface TrainerModelInput {
  name: string;
  /** float32 with NaN for a missing value, or string with '' for a missing value. */
  type: 'float32' | 'string';
  /** Its columns, in order: the tensor is [N, features.length]. */
  features: string[];
}

/** What the model a trainer writes must take and give: the contract of every Provenant model (ml/onnx/model-contract.ts). */
export interface TrainerModelContract {
  /** Exactly these inputs: `numeric_features` and/or `categorical_features`, each only when it has features. */
  inputs: TrainerModelInput[];
  /** `label` and `probabilities` for classifiers, `prediction` for regressors. */
  outputs: string[];
  /** metadata_props the model must carry, verbatim. */
  metadata: Record<string, string>;
}

/** The JSON file a trainer receives: its path is the last argument and PROVENANT_TRAINER_SPEC. */
export interface TrainerSpec {
  specVersion: typeof TRAINER_SPEC_VERSION;
  trainer: string;
  /** 1 on the first run, counting up on Temporal's retries. */
  attempt: number;
  modelName: string;
  task: ModelTask;
  /** The feature columns of the CSV files, in order. */
  features: string[];
  target: string;
  /** CLASSIFICATION only: the training split's labels, sorted; `probabilities` columns follow this order. */
  classLabels?: string[];
  /** UTF-8 CSV (RFC 4180) with a header row: the features, then the target. An empty field is a missing value. */
  trainFile: string;
  testFile: string;
  hyperparameters: Hyperparameters;
  seed: number;
  /** Where the trainer writes model.onnx (required) and metrics.json (optional). */
  outputDir: string;
  model: TrainerModelContract;
}

export type TrainerData = Pick<TrainingData, 'spec' | 'columns' | 'target' | 'splits'>;

export interface TrainerRunContext {
  input: Pick<PipelineInput, 'modelName' | 'task' | 'features' | 'target' | 'hyperparameters' | 'seed'>;
  trainer: string;
  attempt: number;
}

/** Writes the training and test splits as CSV files and the spec describing them into `workDir`. */
export async function writeTrainerInputs(
  workDir: string,
  data: TrainerData,
  context: TrainerRunContext,
): Promise<{ specPath: string; spec: TrainerSpec }> {
  const { input } = context;
  const header = [...input.features, input.target];
  const cellReaders = input.features.map((name) => featureCell(data, name));
  const rowsOf = (rows: Uint32Array) => Array.from(rows, (row) => [...cellReaders.map((cell) => cell(row)), data.target[row]]);
  const trainFile = path.join(workDir, 'train.csv');
  const testFile = path.join(workDir, 'test.csv');
  const outputDir = path.join(workDir, 'output');
  await writeFile(trainFile, toCsv(header, rowsOf(data.splits.train)));
  await writeFile(testFile, toCsv(header, rowsOf(data.splits.test)));
  await mkdir(outputDir);
  const spec: TrainerSpec = {
    specVersion: TRAINER_SPEC_VERSION,
    trainer: context.trainer,
    attempt: context.attempt,
    modelName: input.modelName,
    task: input.task,
    features: input.features,
    target: input.target,
    ...(input.task === 'CLASSIFICATION'
      ? { classLabels: [...new Set(Array.from(data.splits.train, (row) => String(data.target[row])))].sort() }
      : {}),
    trainFile,
    testFile,
    hyperparameters: input.hyperparameters,
    seed: input.seed,
    outputDir,
    model: trainerModelContract(input.task, data.spec),
  };
  const specPath = path.join(workDir, TRAINER_SPEC_FILE);
  await writeFile(specPath, `${JSON.stringify(spec, null, 2)}\n`);
  return { specPath, spec };
}

export function trainerModelContract(task: ModelTask, features: FeatureSpec): TrainerModelContract {
  const inputs: TrainerModelInput[] = [];
  if (features.numeric.length > 0) inputs.push({ name: ONNX_NUMERIC_INPUT_NAME, type: 'float32', features: features.numeric });
  if (features.categorical.length > 0) {
    inputs.push({ name: ONNX_CATEGORICAL_INPUT_NAME, type: 'string', features: features.categorical });
  }
  return {
    inputs,
    outputs:
      task === 'CLASSIFICATION' ? [ONNX_LABEL_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME] : [ONNX_PREDICTION_OUTPUT_NAME],
    metadata: {
      [ONNX_NUMERIC_FEATURES_METADATA_KEY]: JSON.stringify(features.numeric),
      [ONNX_CATEGORICAL_FEATURES_METADATA_KEY]: JSON.stringify(features.categorical),
    },
  };
}

/** The CSV cell of a feature at a usable row: a number, a category, or '' when missing. */
function featureCell(data: TrainerData, name: string): (row: number) => string | number {
  const numeric = data.spec.numeric.indexOf(name);
  if (numeric >= 0) {
    const column = data.columns.numericColumns[numeric];
    return (row) => (Number.isNaN(column[row]) ? '' : column[row]);
  }
  const column = data.columns.categoricalColumns[data.spec.categorical.indexOf(name)];
  return (row) => column[row] ?? '';
}

/** RFC 4180: every line ends in \n; a field is quoted when it could otherwise be misread. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((fields) => `${fields.map(csvField).join(',')}\n`).join('');
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
