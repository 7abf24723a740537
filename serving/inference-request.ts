import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { ONNX_CATEGORICAL_INPUT_NAME, ONNX_MISSING_CATEGORY, ONNX_NUMERIC_INPUT_NAME } from '../ml/onnx/model-contract';

/**
 * An Open Inference Protocol (KServe v2) inference request, checked against the
 * features of the model version that will score it. Two forms are accepted:
 *
 * - one tensor per feature, named by the feature, of shape [N] or [N, 1]: numeric
 *   features as FP32, FP64, INT8-64, UINT8-64 (numbers) or BOOL (true/false),
 *   categorical features as BYTES (strings); null in `data` is a missing value.
 *   Inputs that are not features of this version are ignored, so clients can send
 *   the union of the features of a stable and a canary or shadow version that differ;
 * - the model's own tensors, `numeric_features` [N, k] and `categorical_features`
 *   [N, m], columns in the version's feature order.
 *
 * `data` may be flat (row-major) or nested to the shape, as the protocol allows.
 * Every refusal is an InferenceRequestError whose message names the input at fault.
 */

export interface ParsedInferenceRequest {
  rowCount: number;
  columns: FeatureColumns;
}

export class InferenceRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferenceRequestError';
  }
}

const NUMERIC_DATATYPES = ['FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64'];
const INTEGER_DATATYPES = new Set(NUMERIC_DATATYPES.filter((datatype) => datatype.includes('INT')));
const UNSIGNED_DATATYPES = new Set(NUMERIC_DATATYPES.filter((datatype) => datatype.startsWith('UINT')));
const BOOL_DATATYPE = 'BOOL';
const BYTES_DATATYPE = 'BYTES';
const NUMERIC_FEATURE_DATATYPES = [...NUMERIC_DATATYPES, BOOL_DATATYPE];

interface InputTensor {
  name: string;
  shape: number[];
  datatype: string;
  /** Flattened row-major. */
  data: unknown[];
}

/** The request's own `id`, when it sends one; read before the version is chosen, since the choice depends on it. */
export function requestIdOf(body: unknown): string | undefined {
  if (!isObject(body)) throw new InferenceRequestError('the request body must be a JSON object with an "inputs" array');
  const { id } = body;
  if (id !== undefined && (typeof id !== 'string' || id === '')) throw new InferenceRequestError('"id" must be a non-empty string when given');
  if (typeof id === 'string' && id.includes('\u0000')) throw new InferenceRequestError('"id" must not contain NUL characters');
  return id;
}

export function parseInferenceRequest(body: unknown, spec: FeatureSpec): ParsedInferenceRequest {
  if (!isObject(body)) throw new InferenceRequestError('the request body must be a JSON object with an "inputs" array');
  if (!Array.isArray(body.inputs) || body.inputs.length === 0) {
    throw new InferenceRequestError('"inputs" must be a non-empty array of tensors {name, shape, datatype, data}');
  }
  const tensors = body.inputs.map(inputTensor);
  const names = new Set<string>();
  for (const tensor of tensors) {
    if (names.has(tensor.name)) throw new InferenceRequestError(`input "${tensor.name}" is given twice`);
    names.add(tensor.name);
  }
  const features = new Set([...spec.numeric, ...spec.categorical]);
  const modelTensorForm = tensors.some((tensor) => isModelTensorName(tensor.name) && !features.has(tensor.name));
  return modelTensorForm ? fromModelTensors(tensors, spec) : fromFeatureTensors(tensors, spec, features);
}

function isModelTensorName(name: string): boolean {
  return name === ONNX_NUMERIC_INPUT_NAME || name === ONNX_CATEGORICAL_INPUT_NAME;
}

function inputTensor(value: unknown, index: number): InputTensor {
  if (!isObject(value)) throw new InferenceRequestError(`inputs[${index}] must be an object {name, shape, datatype, data}`);
  const { name, shape, datatype, data } = value;
  if (typeof name !== 'string' || name === '') throw new InferenceRequestError(`inputs[${index}].name must be a non-empty string`);
  const label = `input "${name}"`;
  // No input of a contract model has more than two dimensions: [N], [N, 1] or [N, k].
  if (!Array.isArray(shape) || shape.length === 0 || shape.length > 2 || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw new InferenceRequestError(`${label}: shape must be one or two non-negative integers: [N], [N, 1] or [N, k]`);
  }
  if (typeof datatype !== 'string') throw new InferenceRequestError(`${label}: datatype must be a string such as FP32 or BYTES`);
  if (!Array.isArray(data)) throw new InferenceRequestError(`${label}: data must be an array`);
  const flat = shape.length === 2 ? data.flat(1) : data;
  const size = (shape as number[]).reduce((product, dim) => product * dim, 1);
  if (flat.length !== size) {
    throw new InferenceRequestError(`${label}: data has ${flat.length} elements but shape [${shape.join(', ')}] needs ${size}`);
  }
  return { name, shape, datatype, data: flat };
}

function fromFeatureTensors(tensors: InputTensor[], spec: FeatureSpec, features: Set<string>): ParsedInferenceRequest {
  const byName = new Map(tensors.map((tensor) => [tensor.name, tensor]));
  const missing = [...features].find((feature) => !byName.has(feature));
  if (missing !== undefined) {
    const unknown = tensors.filter((tensor) => !features.has(tensor.name)).map((tensor) => tensor.name);
    const hint = unknown.length > 0 ? `; the inputs ${JSON.stringify(unknown)} are not features of this model` : '';
    throw new InferenceRequestError(`input "${missing}" is missing: the model needs every feature ${JSON.stringify([...features])}${hint}`);
  }
  const used = tensors.filter((tensor) => features.has(tensor.name));
  const first = used[0];
  const rowCount = first.shape[0];
  for (const tensor of used) {
    const { shape, name } = tensor;
    if (shape.length === 2 && shape[1] !== 1) {
      throw new InferenceRequestError(`input "${name}": shape must be [N] or [N, 1] for one feature; got [${shape.join(', ')}]`);
    }
    if (shape[0] !== rowCount) {
      throw new InferenceRequestError(`input "${name}" has ${shape[0]} rows but input "${first.name}" has ${rowCount}; every feature needs one value per row`);
    }
  }
  assertRows(rowCount, first.name);
  return {
    rowCount,
    columns: {
      numericColumns: spec.numeric.map((feature) => numericValues(byName.get(feature)!, `input "${feature}"`, 0, 1)),
      categoricalColumns: spec.categorical.map((feature) => categoricalValues(byName.get(feature)!, `input "${feature}"`, 0, 1)),
    },
  };
}

function fromModelTensors(tensors: InputTensor[], spec: FeatureSpec): ParsedInferenceRequest {
  const expected = [
    { name: ONNX_NUMERIC_INPUT_NAME, features: spec.numeric },
    { name: ONNX_CATEGORICAL_INPUT_NAME, features: spec.categorical },
  ].filter((input) => input.features.length > 0);
  const unknown = tensors.find((tensor) => !expected.some((input) => input.name === tensor.name));
  if (unknown) {
    const names = expected.map((input) => input.name);
    throw new InferenceRequestError(`input "${unknown.name}" is not an input of this model; with the model's own tensors, send ${JSON.stringify(names)}`);
  }
  let rowCount: number | undefined;
  let firstName = '';
  const columns: FeatureColumns = { numericColumns: [], categoricalColumns: [] };
  for (const { name, features } of expected) {
    const tensor = tensors.find((candidate) => candidate.name === name);
    if (!tensor) throw new InferenceRequestError(`input "${name}" is missing: this model reads ${features.length} features through it, ${JSON.stringify(features)}`);
    const width = features.length;
    if (tensor.shape.length !== 2 || tensor.shape[1] !== width) {
      throw new InferenceRequestError(`input "${name}": shape must be [N, ${width}] for the features ${JSON.stringify(features)}; got [${tensor.shape.join(', ')}]`);
    }
    if (rowCount === undefined) {
      rowCount = tensor.shape[0];
      firstName = name;
    } else if (tensor.shape[0] !== rowCount) {
      throw new InferenceRequestError(`input "${name}" has ${tensor.shape[0]} rows but input "${firstName}" has ${rowCount}`);
    }
    for (let column = 0; column < width; column++) {
      const label = `input "${name}" column ${column} ("${features[column]}")`;
      if (name === ONNX_NUMERIC_INPUT_NAME) columns.numericColumns.push(numericValues(tensor, label, column, width));
      else columns.categoricalColumns.push(categoricalValues(tensor, label, column, width));
    }
  }
  assertRows(rowCount!, firstName);
  return { rowCount: rowCount!, columns };
}

function assertRows(rowCount: number, name: string): void {
  if (rowCount === 0) throw new InferenceRequestError(`input "${name}" has no rows; send at least one`);
}

/** Column `column` of a row-major tensor `width` wide, as numbers with NaN for missing. */
function numericValues(tensor: InputTensor, label: string, column: number, width: number): Float64Array {
  const { datatype, data } = tensor;
  if (!NUMERIC_FEATURE_DATATYPES.includes(datatype)) {
    throw new InferenceRequestError(`${label}: datatype must be one of ${NUMERIC_FEATURE_DATATYPES.join(', ')} for a numeric feature; got ${JSON.stringify(datatype)}`);
  }
  const rows = data.length / width;
  const values = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const index = row * width + column;
    const value = data[index];
    if (value === null) values[row] = Number.NaN;
    else if (datatype === BOOL_DATATYPE) {
      if (typeof value !== 'boolean') throw elementError(tensor, index, 'true, false or null');
      values[row] = value ? 1 : 0;
    } else {
      if (typeof value !== 'number') throw elementError(tensor, index, 'a number or null');
      if (INTEGER_DATATYPES.has(datatype) && !Number.isInteger(value)) throw elementError(tensor, index, 'an integer or null');
      if (UNSIGNED_DATATYPES.has(datatype) && value < 0) throw elementError(tensor, index, 'a non-negative integer or null');
      values[row] = value;
    }
  }
  return values;
}

/** Column `column` of a row-major BYTES tensor `width` wide, with null for missing. */
function categoricalValues(tensor: InputTensor, label: string, column: number, width: number): (string | null)[] {
  if (tensor.datatype !== BYTES_DATATYPE) {
    throw new InferenceRequestError(`${label}: datatype must be BYTES (strings) for a categorical feature; got ${JSON.stringify(tensor.datatype)}`);
  }
  const rows = tensor.data.length / width;
  const values = new Array<string | null>(rows);
  for (let row = 0; row < rows; row++) {
    const index = row * width + column;
    const value = tensor.data[index];
    if (value !== null && typeof value !== 'string') throw elementError(tensor, index, 'a string or null');
    // Postgres cannot store NUL in text or jsonb: one such value would block the prediction log.
    if (value?.includes('\u0000')) throw elementError(tensor, index, 'a string without NUL characters');
    values[row] = value === ONNX_MISSING_CATEGORY ? null : value;
  }
  return values;
}

function elementError(tensor: InputTensor, index: number, expected: string): InferenceRequestError {
  const got = JSON.stringify(tensor.data[index]) ?? String(tensor.data[index]);
  return new InferenceRequestError(`input "${tensor.name}": data[${index}] must be ${expected} for datatype ${tensor.datatype}; got ${got}`);
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
