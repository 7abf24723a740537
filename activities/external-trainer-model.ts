import type { ModelSignature } from '../domain/model-signature';
import type { ModelTask } from '../domain/pipeline';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { declaredClassLabels } from '../ml/onnx/class-labels';
import { openScoringSession, scoreBatch, type BatchScores } from '../ml/onnx/model-scoring';
import { inferModelSignature } from '../ml/onnx/model-signature';

/** Enough rows to catch a model that loads but cannot score, few enough to cost nothing. */
const SMOKE_TEST_ROWS = 8;

export interface TrainerModelExpectations {
  task: ModelTask;
  classLabels: string[];
  /** The run's features (in the spec's order) and their values, to score `sampleRows` with. */
  features: string[];
  featureSpec: FeatureSpec;
  columns: FeatureColumns;
  sampleRows: Uint32Array;
}

export type TrainerModelCheck = { signature: ModelSignature; problem?: undefined } | { problem: string };

/**
 * An external trainer's model.onnx checked as an import is: its signature inferred from
 * the graph (the contract, with the run's feature lists in its metadata as our own
 * trainers write them, or any other form an import takes); any class labels it declares
 * are the spec's, in order; and it scores a few of the run's rows sensibly. Checked here
 * so a broken model fails training, naming the problem, rather than evaluation or serving later.
 */
export async function checkTrainerModel(bytes: Uint8Array, expected: TrainerModelExpectations): Promise<TrainerModelCheck> {
  const inferred = await inferModelSignature(bytes, {
    task: expected.task,
    spec: expected.featureSpec,
    features: expected.features,
    requireFeatureMetadata: true,
    classLabels: expected.task === 'CLASSIFICATION' ? expected.classLabels : undefined,
  });
  if (inferred.problem !== undefined) return { problem: inferred.problem };
  const declared = expected.task === 'CLASSIFICATION' ? declaredClassLabels(bytes) : null;
  if (declared && JSON.stringify(declared) !== JSON.stringify(expected.classLabels)) {
    return { problem: `it declares the classes ${JSON.stringify(declared)}; the probability columns must follow classLabels ${JSON.stringify(expected.classLabels)}` };
  }
  const { signature } = inferred;
  // It loaded a moment ago, so a failure now is the machine's, not the model's.
  const session = await openScoringSession(bytes, signature);
  const rows = expected.sampleRows.subarray(0, SMOKE_TEST_ROWS);
  let scores: BatchScores;
  try {
    scores = await scoreBatch({ session, signature }, expected.featureSpec, expected.columns, rows);
  } catch (error) {
    return { problem: `it fails to score ${rows.length} rows: ${(error as Error).message}` };
  } finally {
    await session.release();
  }
  const problem = scoresProblem(scores, expected, rows.length);
  return problem ? { problem } : { signature };
}

function scoresProblem(scores: BatchScores, expected: TrainerModelExpectations, rowCount: number): string | null {
  if (expected.task === 'REGRESSION') {
    const values = Array.from(scores.predictions);
    if (values.length !== rowCount) return `it gives ${values.length} predictions for ${rowCount} rows`;
    return values.every(Number.isFinite) ? null : `it predicts non-finite values (${values.join(', ')})`;
  }
  const unknown = scores.labels.find((label) => !expected.classLabels.includes(label));
  if (unknown !== undefined) return `it predicts the label ${JSON.stringify(unknown)}, which is not in classLabels`;
  const expectedValues = rowCount * expected.classLabels.length;
  if (scores.probabilities.length !== expectedValues) {
    return `its probabilities hold ${scores.probabilities.length} values for ${rowCount} rows; expected [${rowCount}, ${expected.classLabels.length}] (one column per class label)`;
  }
  return null;
}
