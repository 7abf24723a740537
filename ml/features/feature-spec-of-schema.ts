import type { ColumnSchema } from '../../domain/dataset';
import type { FeatureSpec } from './feature-spec';

/** Number and boolean columns are numeric features, strings categorical: the same rule training applies. */
export function featureSpecOfSchema(schema: ColumnSchema[], features: string[]): FeatureSpec {
  const typeOf = (name: string) => schema.find((column) => column.name === name)?.type;
  return {
    numeric: features.filter((name) => typeOf(name) !== 'string'),
    categorical: features.filter((name) => typeOf(name) === 'string'),
  };
}
