import type { ValidationCheck } from '../../domain/validation';
import { columnIndex, type TypedTable } from '../tabular/table';
import { graded } from './check';
import { VALIDATION_THRESHOLDS as LIMITS } from './thresholds';

/** Missing-value share of each named column. */
export function nullFractionChecks(table: TypedTable, columns: string[]): ValidationCheck[] {
  return columns
    .filter((name) => columnIndex(table, name) >= 0)
    .map((name) => {
      const fraction = table.schema[columnIndex(table, name)].nullCount / table.rowCount;
      return graded('null_fraction', name, fraction, { warn: LIMITS.nullFractionWarn, fail: LIMITS.nullFractionFail, direction: 'above' }, (status) =>
        status === 'PASS' ? 'few missing values' : `${(fraction * 100).toFixed(1)}% of values are missing`,
      );
    });
}

/** Share of rows that exactly repeat an earlier row (all columns). */
export function duplicateRowCheck(table: TypedTable): ValidationCheck {
  const seen = new Set<string>();
  let duplicates = 0;
  for (let r = 0; r < table.rowCount; r += 1) {
    const key = JSON.stringify(table.columns.map((column) => column[r]));
    if (seen.has(key)) duplicates += 1;
    else seen.add(key);
  }
  const fraction = duplicates / table.rowCount;
  return graded('duplicate_rows', null, fraction, { warn: LIMITS.duplicateFractionWarn, fail: LIMITS.duplicateFractionFail, direction: 'above' }, (status) =>
    status === 'PASS' ? `${duplicates} duplicate rows` : `${duplicates} of ${table.rowCount} rows repeat an earlier row`,
  );
}
