import { Context } from '@temporalio/activity';
import type * as ort from 'onnxruntime-node';
import type { ModelTask } from '../domain/pipeline';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { onnxInputs } from '../ml/features/onnx-inputs';
import { onnxRuntime } from '../ml/onnx/onnx-runtime';

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

/** Scores `rows` through an ONNX session in batches, from raw feature values, heartbeating as it goes. */
export async function scoreRows(
  session: ort.InferenceSession,
  task: ModelTask,
  classCount: number,
  spec: FeatureSpec,
  columns: FeatureColumns,
  rows: Uint32Array,
): Promise<Scores> {
  const labels: string[] = [];
  const probabilities = new Float64Array(task === 'CLASSIFICATION' ? rows.length * classCount : 0);
  const predictions = new Float64Array(task === 'REGRESSION' ? rows.length : 0);
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.subarray(start, start + BATCH_ROWS);
    const outputs = await session.run(onnxInputs(spec, columns, batch));
    if (task === 'CLASSIFICATION') {
      labels.push(...(outputs.label.data as string[]));
      probabilities.set(outputs.probabilities.data as Float32Array, start * classCount);
    } else {
      predictions.set(outputs.prediction.data as Float32Array, start);
    }
    Context.current().heartbeat({ scoredRows: start + batch.length });
  }
  return { labels, probabilities, predictions };
}

/** Runs `use` on a session of the model in `bytes`, releasing the session's native memory however `use` ends. */
export async function withSession<T>(bytes: Uint8Array, use: (session: ort.InferenceSession) => Promise<T>): Promise<T> {
  const session = await onnxRuntime().InferenceSession.create(bytes);
  try {
    return await use(session);
  } finally {
    await session.release();
  }
}
