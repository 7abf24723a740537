import type { FeatureValue } from '../db/prediction-log';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';

/** Each row's feature values by feature name, missing values as null: what drift scans and ground-truth joins read. */
export function featureRecords(spec: FeatureSpec, columns: FeatureColumns, rowCount: number): Record<string, FeatureValue>[] {
  const records: Record<string, FeatureValue>[] = [];
  for (let row = 0; row < rowCount; row++) {
    const record: Record<string, FeatureValue> = {};
    spec.numeric.forEach((name, j) => {
      const value = columns.numericColumns[j][row];
      record[name] = Number.isNaN(value) ? null : value;
    });
    spec.categorical.forEach((name, j) => {
      record[name] = columns.categoricalColumns[j][row];
    });
    records.push(record);
  }
  return records;
}
