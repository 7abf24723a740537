import type { ColumnType } from './dataset';

export const CHECK_STATUSES = ['PASS', 'WARN', 'FAIL'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** One finding of a validation: what was measured against which limit. */
export interface ValidationCheck {
  name: string;
  column: string | null;
  observed: number | string | null;
  threshold: number | string | null;
  status: CheckStatus;
  message: string;
}

export interface ValidationResult {
  status: CheckStatus;
  checks: ValidationCheck[];
}

/** A data contract for one column, as a pipeline or `validateDataset` declares it. */
export interface ColumnExpectation {
  column: string;
  type?: ColumnType;
  nullable?: boolean;
  min?: number;
  max?: number;
  allowedValues?: (string | number | boolean)[];
  unique?: boolean;
}

export function worstStatus(checks: { status: CheckStatus }[]): CheckStatus {
  if (checks.some((check) => check.status === 'FAIL')) return 'FAIL';
  return checks.some((check) => check.status === 'WARN') ? 'WARN' : 'PASS';
}
