import type { ColumnSchema } from '../../domain/dataset';
import type { FeatureSpec } from '../../ml/features/feature-spec';
import { featureSpecOfSchema } from '../../ml/features/feature-spec-of-schema';

/**
 * Why a dataset cannot be scored by a model, or null: every feature must be there and of
 * the kind (numeric or categorical) the model was trained on, since the ONNX model's
 * inputs are fixed by kind, and no column may share a name with a prediction column.
 */
export function scoringColumnsProblem(schema: ColumnSchema[], trainingSchema: ColumnSchema[], features: string[], predictionColumns: string[]): string | null {
  const names = new Set(schema.map((column) => column.name));
  const quoted = (list: string[]) => list.map((name) => JSON.stringify(name)).join(', ');
  const missing = features.filter((name) => !names.has(name));
  if (missing.length > 0) return `lacks the feature column(s) ${quoted(missing)} the model needs`;
  const trained = featureSpecOfSchema(trainingSchema, features);
  const scored = featureSpecOfSchema(schema, features);
  const mismatched = features.filter((name) => kindOf(trained, name) !== kindOf(scored, name));
  if (mismatched.length > 0) {
    return `has feature columns of another kind than in training: ${mismatched.map((name) => `${JSON.stringify(name)} is ${kindOf(scored, name)} here, ${kindOf(trained, name)} in training`).join('; ')}`;
  }
  const clashes = predictionColumns.filter((name) => names.has(name));
  if (clashes.length > 0) return `has the column(s) ${quoted(clashes)}, which the output's prediction columns would repeat`;
  return null;
}

function kindOf(spec: FeatureSpec, name: string): 'numeric' | 'categorical' {
  return spec.categorical.includes(name) ? 'categorical' : 'numeric';
}
