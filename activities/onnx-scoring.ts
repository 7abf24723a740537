import { Context } from '@temporalio/activity';
import type { ModelSignature } from '../domain/model-signature';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { openScoringSession, scoreBatch, UnrepresentableValueError, type ScoringModel } from '../ml/onnx/model-scoring';
import { invalidInput } from './failures';

/** Rows scored per inference call: large enough to amortise the call, small enough to bound memory. */
export const BATCH_ROWS = 8192;

export interface Scores {
  /** Classification: the predicted label per row. */
  labels: string[];
  /** Classification: rows × classes, in the model's class order. */
  probabilities: Float64Array;
  /** Regression: the prediction per row. */
  predictions: Float64Array;
}

/** Scores `rows` through a model in batches, from raw feature values, heartbeating as it goes. */
export async function scoreRows(model: ScoringModel, classCount: number, spec: FeatureSpec, columns: FeatureColumns, rows: Uint32Array): Promise<Scores> {
  const classifier = model.signature.outputs.kind === 'CLASSIFIER';
  const labels = new Array<string>(classifier ? rows.length : 0);
  const probabilities = new Float64Array(classifier ? rows.length * classCount : 0);
  const predictions = new Float64Array(classifier ? 0 : rows.length);
  // onnxruntime returns a fresh string per row. Kept, a million of them survive into the old
  // generation and the collector copies and marks each (about 90 ms of scoring the evaluation
  // benchmark's 1M rows, against 20 ms shared). One string per distinct label lets each
  // batch's own strings die young.
  const sharedLabels = new Map<string, string>();
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.subarray(start, start + BATCH_ROWS);
    let scores;
    try {
      scores = await scoreBatch(model, spec, columns, batch);
    } catch (error) {
      // A value the model's input cannot hold fails the same way on every retry.
      if (error instanceof UnrepresentableValueError) throw invalidInput('rows', error.message);
      throw error;
    }
    if (classifier) {
      for (let i = 0; i < scores.labels.length; i += 1) labels[start + i] = sharedLabel(sharedLabels, scores.labels[i]);
      probabilities.set(scores.probabilities, start * classCount);
    } else {
      predictions.set(scores.predictions, start);
    }
    Context.current().heartbeat({ scoredRows: start + batch.length });
  }
  return { labels, probabilities, predictions };
}

function sharedLabel(shared: Map<string, string>, label: string): string {
  const known = shared.get(label);
  if (known !== undefined) return known;
  shared.set(label, label);
  return label;
}

/**
 * One thread per session, as serving has it: a worker runs activities side by side, and
 * onnxruntime's default pool (a thread per core, spinning between runs) then competes with
 * them, with DuckDB's threads and with the batch feeds built between runs. Scoring 1M rows
 * of the evaluation benchmark's model took half the CPU time this way, and less wall time on
 * a busy machine.
 */
const SCORING_SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1 };

/** Runs `use` on the model in `bytes`, scored by `signature`, releasing the session's native memory however `use` ends. */
export async function withScoringModel<T>(bytes: Uint8Array, signature: ModelSignature, use: (model: ScoringModel) => Promise<T>): Promise<T> {
  const session = await openScoringSession(bytes, signature, SCORING_SESSION_OPTIONS);
  try {
    return await use({ session, signature });
  } finally {
    await session.release();
  }
}
