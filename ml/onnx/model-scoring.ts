import type * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import type { ModelInput, ModelSignature } from '../../domain/model-signature';
import { assertRowsWithin, featureRowCount, type FeatureColumns, type FeatureSpec } from '../features/feature-spec';
import { ONNX_MISSING_CATEGORY } from './model-contract';
import { onnxRuntime } from './onnx-runtime';

/**
 * The one way a model version is scored, whatever signature it was exported with:
 * a session opened by `openScoringSession`, feeds from `scoringFeeds`, outputs fetched by
 * `scoringFetches` and read by `readScores`. Evaluation, serving, batch scoring,
 * prediction drift and permutation importance all go through here.
 */
export interface ScoringModel {
  session: ort.InferenceSession;
  signature: ModelSignature;
}

/** One batch's results, in the version's class order. */
export interface BatchScores {
  /** Classification: the predicted label per row (int64 labels as their decimal text). */
  labels: string[];
  /** Classification: rows × classes, row-major. */
  probabilities: Float32Array | Float64Array;
  /** Regression: the prediction per row. */
  predictions: Float32Array | Float64Array;
}

/** An int64 input given a missing or fractional value: the data's fault, not the machine's. */
export class UnrepresentableValueError extends RangeError {}

/** Opens a session of `bytes` that can return every output `signature` reads. */
export function openScoringSession(bytes: Uint8Array, signature: ModelSignature, options: ort.InferenceSession.SessionOptions = {}): Promise<ort.InferenceSession> {
  return onnxRuntime().InferenceSession.create(scorableModelBytes(bytes, signature), options);
}

/**
 * `bytes` with the tensor a ZipMap reads added as a graph output, when the signature's
 * probabilities come from a ZipMap; the stored artifact itself stays as it was imported.
 */
export function scorableModelBytes(bytes: Uint8Array, signature: ModelSignature): Uint8Array {
  const { outputs } = signature;
  if (outputs.kind !== 'CLASSIFIER' || outputs.zipMapInput === null) return bytes;
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  graph.output ??= [];
  if (!graph.output.some((output) => output.name === outputs.zipMapInput)) {
    graph.output.push(onnx.ValueInfoProto.create({ name: outputs.zipMapInput, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }));
  }
  return onnx.ModelProto.encode(model).finish();
}

/** The outputs a scorer fetches: never a ZipMap's sequence of maps, which onnxruntime-node cannot return. */
export function scoringFetches(signature: ModelSignature): string[] {
  const { outputs } = signature;
  return outputs.kind === 'CLASSIFIER' ? [outputs.label, outputs.zipMapInput ?? outputs.probabilities] : [outputs.prediction];
}

/** The input tensors holding `rows` of the raw feature columns (laid out by `spec`) the way each of a signature's `inputs` takes them. */
export function scoringFeeds(inputs: ModelInput[], spec: FeatureSpec, columns: FeatureColumns, rows: ArrayLike<number>): Record<string, ort.Tensor> {
  assertRowsWithin(rows, featureRowCount(spec, columns), 'rows');
  return Object.fromEntries(inputs.map((input) => [input.name, inputTensor(input, spec, columns, rows)]));
}

function inputTensor(input: ModelInput, spec: FeatureSpec, columns: FeatureColumns, rows: ArrayLike<number>): ort.Tensor {
  const { Tensor } = onnxRuntime();
  const dims = [rows.length, input.features.length];
  if (input.type === 'string') {
    const sources = input.features.map((feature) => columns.categoricalColumns[featureIndex(spec.categorical, feature, input)]);
    return new Tensor('string', interleavedCategories(sources, rows), dims);
  }
  const sources = input.features.map((feature) => columns.numericColumns[featureIndex(spec.numeric, feature, input)]);
  if (input.type === 'int64') return new Tensor('int64', interleavedInt64(input, sources, rows), dims);
  const values = input.type === 'float64' ? new Float64Array(rows.length * sources.length) : new Float32Array(rows.length * sources.length);
  // One column at a time (each loop sees one array type), written row-major as the tensor lays them out.
  sources.forEach((source, j) => interleaveNumbers(values, source, rows, j, sources.length));
  return new Tensor(input.type, values, dims);
}

function interleaveNumbers(values: Float32Array | Float64Array, source: Float64Array, rows: ArrayLike<number>, offset: number, width: number): void {
  for (let i = 0, at = offset; i < rows.length; i += 1, at += width) values[at] = source[rows[i]];
}

function interleavedCategories(sources: (string | null)[][], rows: ArrayLike<number>): string[] {
  const width = sources.length;
  const values = new Array<string>(rows.length * width);
  sources.forEach((source, j) => {
    for (let i = 0, at = j; i < rows.length; i += 1, at += width) values[at] = source[rows[i]] ?? ONNX_MISSING_CATEGORY;
  });
  return values;
}

/** Row by row, so that the first offending row is the one named, as it always was. */
function interleavedInt64(input: ModelInput, sources: Float64Array[], rows: ArrayLike<number>): BigInt64Array {
  const width = sources.length;
  const values = new BigInt64Array(rows.length * width);
  for (let i = 0; i < rows.length; i += 1) {
    for (let j = 0; j < width; j += 1) {
      const value = sources[j][rows[i]];
      if (!Number.isSafeInteger(value)) {
        throw new UnrepresentableValueError(`feature ${JSON.stringify(input.features[j])} is ${value} in a row, but the model's int64 input "${input.name}" takes whole numbers only (no missing value)`);
      }
      values[i * width + j] = BigInt(value);
    }
  }
  return values;
}

function featureIndex(names: string[], feature: string, input: ModelInput): number {
  const index = names.indexOf(feature);
  if (index < 0) throw new RangeError(`input "${input.name}" reads feature ${JSON.stringify(feature)}, which the columns lack or hold as another kind`);
  return index;
}

/** Reads one batch's labels and probabilities, or predictions, from `results` fetched by `scoringFetches`. */
export function readScores(signature: ModelSignature, results: ort.InferenceSession.ReturnType): BatchScores {
  const { outputs } = signature;
  if (outputs.kind === 'REGRESSOR') {
    return { labels: [], probabilities: new Float32Array(0), predictions: results[outputs.prediction].data as Float32Array | Float64Array };
  }
  const label = results[outputs.label];
  const labels = label.type === 'string' ? (label.data as string[]) : Array.from(label.data as BigInt64Array, String);
  return { labels, probabilities: results[outputs.zipMapInput ?? outputs.probabilities].data as Float32Array | Float64Array, predictions: new Float32Array(0) };
}

/** Scores `rows` in one inference call. */
export async function scoreBatch(model: ScoringModel, spec: FeatureSpec, columns: FeatureColumns, rows: ArrayLike<number>): Promise<BatchScores> {
  const results = await model.session.run(scoringFeeds(model.signature.inputs, spec, columns, rows), scoringFetches(model.signature));
  return readScores(model.signature, results);
}
