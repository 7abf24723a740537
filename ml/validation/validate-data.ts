import type { ModelTask } from '../../domain/pipeline';
import { worstStatus, type ColumnExpectation, type ValidationCheck, type ValidationResult } from '../../domain/validation';
import { cellsAt } from '../tabular/numeric-columns';
import type { TypedTable } from '../tabular/table';
import { duplicateRowCheck, nullFractionChecks } from './data-quality-checks';
import { checkExpectations } from './expectation-checks';
import { classBalanceCheck, leakageCheck, splitOverlapCheck } from './target-checks';
import { checkTrainingColumns } from './training-columns';

export interface TrainingRequest {
  target: string;
  features: string[];
  task: ModelTask;
}

export interface DataValidationInput {
  table: TypedTable;
  expectations: ColumnExpectation[];
  /** Without a training request only the contract and data-quality checks run. */
  training?: TrainingRequest & {
    /** Rows with a value in every used column; the split indexes into these. */
    rows: Uint32Array;
    split?: { train: Uint32Array; test: Uint32Array };
  };
}

/**
 * Every check a dataset gets before training: the declared contract, data quality,
 * and, for a training request, the target, leakage and split checks. The same function
 * serves the pipeline's validate stage and `validateDataset`.
 */
export function validateData({ table, expectations, training }: DataValidationInput): ValidationResult {
  const checks: ValidationCheck[] = [
    ...checkExpectations(table, expectations),
    duplicateRowCheck(table),
  ];
  if (!training) {
    checks.push(...nullFractionChecks(table, table.columnNames));
    return { status: worstStatus(checks), checks };
  }
  const problems = checkTrainingColumns(table.schema, training);
  const problemColumns = new Set<string | null>();
  for (const problem of problems) {
    const column = problem.field === 'input.target' ? training.target : featureNamed(problem.field, training.features);
    problemColumns.add(column);
    checks.push({
      name: problem.field === 'input.target' ? 'target_usable' : 'feature_usable',
      column,
      observed: null,
      threshold: null,
      status: 'FAIL',
      message: problem.message,
    });
  }
  checks.push(...nullFractionChecks(table, [training.target, ...training.features]));
  // Target-dependent checks need a usable target; each usable feature still gets its own.
  if (!problemColumns.has(training.target) && training.rows.length > 0) {
    const target = cellsAt(table, training.target, training.rows).map((cell) => (training.task === 'REGRESSION' ? Number(cell) : String(cell)));
    if (training.task === 'CLASSIFICATION') checks.push(classBalanceCheck(training.target, target as string[]));
    for (const feature of training.features.filter((name) => !problemColumns.has(name))) {
      const cells = cellsAt(table, feature, training.rows);
      const present = cells.flatMap((cell, i) => (cell === null ? [] : [i]));
      checks.push(leakageCheck(feature, present.map((i) => cells[i]), present.map((i) => target[i]), training.task));
    }
    if (training.split && problems.length === 0) {
      const used = [...training.features, training.target].map((name) => cellsAt(table, name, training.rows));
      const keys = Array.from(training.rows, (_, i) => JSON.stringify(used.map((column) => column[i])));
      checks.push(splitOverlapCheck(keys, training.split.train, training.split.test));
    }
  }
  return { status: worstStatus(checks), checks };
}

function featureNamed(field: string, features: string[]): string | null {
  const index = /\[(\d+)\]/.exec(field)?.[1];
  return index === undefined ? null : (features[Number(index)] ?? null);
}

/** The FAIL checks, as one line a person can act on. */
export function describeFailures(result: ValidationResult): string {
  return result.checks
    .filter((check) => check.status === 'FAIL')
    .map((check) => `${check.name}${check.column ? ` (${check.column})` : ''}: ${check.message}`)
    .join('; ');
}
