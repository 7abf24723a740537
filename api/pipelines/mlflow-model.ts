import { parse } from 'yaml';
import { badInput } from '../../domain/errors';

/** The name of the file describing an MLflow model directory. */
export const MLFLOW_MODEL_FILE = 'MLmodel';

/** A column of an MLflow column-based signature. */
export interface MlflowColumn {
  name: string;
  /** MLflow's type: boolean, integer, long, float, double, string, binary, datetime. */
  type: string;
}

export interface MlflowModel {
  /** The ONNX file, relative to the model directory (the `onnx` flavor's `data`). */
  onnxFile: string;
  runId: string | null;
  /** The signature's input columns, in order; null when it has none or describes tensors instead. */
  inputColumns: MlflowColumn[] | null;
}

const FIELD = 'input.artifactUri';
const NUMERIC_MLFLOW_TYPES = ['boolean', 'integer', 'long', 'float', 'double'];

/**
 * Reads an MLmodel file as `mlflow.onnx.save_model` writes it: YAML whose `flavors.onnx.data`
 * names the ONNX file, `run_id` the run that logged it (absent for a model saved outside a
 * run), and `signature.inputs` a JSON string listing `{name, type}` columns (or tensors).
 */
export function parseMlflowModel(text: string): MlflowModel {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw badInput(FIELD, `the ${MLFLOW_MODEL_FILE} file is not valid YAML: ${(error as Error).message}`);
  }
  const model = asObject(document);
  const onnxFlavor = asObject(asObject(model?.flavors)?.onnx);
  if (!onnxFlavor || typeof onnxFlavor.data !== 'string' || onnxFlavor.data === '') {
    const flavors = Object.keys(asObject(model?.flavors) ?? {});
    throw badInput(FIELD, `the ${MLFLOW_MODEL_FILE} file has no onnx flavor naming its model file (flavors.onnx.data); its flavors are ${JSON.stringify(flavors)}`);
  }
  const runId = typeof model!.run_id === 'string' && model!.run_id !== '' ? model!.run_id : null;
  return { onnxFile: onnxFlavor.data, runId, inputColumns: inputColumnsOf(asObject(model!.signature)?.inputs) };
}

/** Whether an MLflow column's type is a number (or boolean) column, as Provenant's numeric features are. */
export function isNumericMlflowType(type: string): boolean {
  return NUMERIC_MLFLOW_TYPES.includes(type);
}

function inputColumnsOf(inputs: unknown): MlflowColumn[] | null {
  if (inputs === undefined || inputs === null) return null;
  let parsed: unknown;
  try {
    parsed = typeof inputs === 'string' ? JSON.parse(inputs) : inputs;
  } catch {
    throw badInput(FIELD, `the ${MLFLOW_MODEL_FILE} file's signature.inputs is not JSON`);
  }
  if (!Array.isArray(parsed)) throw badInput(FIELD, `the ${MLFLOW_MODEL_FILE} file's signature.inputs must be a list`);
  // A tensor-based signature names tensors, not columns; the graph's own inputs say as much.
  if (parsed.some((entry) => asObject(entry)?.type === 'tensor')) return null;
  return parsed.map((entry, index) => {
    const column = asObject(entry);
    if (typeof column?.name !== 'string' || typeof column.type !== 'string') {
      throw badInput(FIELD, `the ${MLFLOW_MODEL_FILE} file's signature.inputs[${index}] must have a name and a type`);
    }
    return { name: column.name, type: column.type };
  });
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
