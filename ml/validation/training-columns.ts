import type { ColumnSchema } from '../../domain/dataset';
import type { ModelTask } from '../../domain/pipeline';
import { VALIDATION_THRESHOLDS } from './thresholds';

export interface ColumnProblem {
  field: string;
  message: string;
}

export interface TrainingColumns {
  target: string;
  features: string[];
  task: ModelTask;
}

/**
 * Checks a training request against a dataset's schema. Used twice on purpose: the
 * API refuses a bad request before anything is written, and the pipeline's validate
 * stage re-checks against the data it actually reads.
 */
export function checkTrainingColumns(schema: ColumnSchema[], request: TrainingColumns): ColumnProblem[] {
  const byName = new Map(schema.map((column) => [column.name, column]));
  const available = schema.map((column) => JSON.stringify(column.name)).join(', ');
  const problems: ColumnProblem[] = [];
  const target = byName.get(request.target);
  if (!target) {
    problems.push({ field: 'input.target', message: `column ${JSON.stringify(request.target)} is not in the dataset (columns: ${available})` });
  } else if (target.distinctCount < 2) {
    problems.push({ field: 'input.target', message: `column ${JSON.stringify(request.target)} has fewer than 2 distinct values; there is nothing to learn` });
  } else if (request.task === 'REGRESSION' && target.type !== 'number') {
    problems.push({ field: 'input.target', message: `column ${JSON.stringify(request.target)} is ${target.type}; regression needs a numeric target` });
  }
  if (request.features.length === 0) {
    problems.push({ field: 'input.features', message: 'must name at least one column' });
  }
  const seen = new Set<string>();
  request.features.forEach((name, index) => {
    const field = `input.features[${index}]`;
    const column = byName.get(name);
    if (seen.has(name)) problems.push({ field, message: `column ${JSON.stringify(name)} is listed twice` });
    else if (name === request.target) problems.push({ field, message: `column ${JSON.stringify(name)} is the target; it cannot also be a feature` });
    else if (!column) problems.push({ field, message: `column ${JSON.stringify(name)} is not in the dataset (columns: ${available})` });
    else if (column.distinctCount === 0) problems.push({ field, message: `column ${JSON.stringify(name)} has no values` });
    else if (column.type === 'string' && column.count !== undefined && column.distinctCount > VALIDATION_THRESHOLDS.identifierDistinctShare * column.count) {
      // High cardinality as such is fine (rare categories share an "other" column); a value per row or so is an identifier.
      problems.push({
        field,
        message:
          `column ${JSON.stringify(name)} is categorical with ${column.distinctCount} distinct values in ${column.count} rows, ` +
          `more than ${VALIDATION_THRESHOLDS.identifierDistinctShare * 100}% of them: an identifier, not a category; drop it or group its values`,
      });
    }
    seen.add(name);
  });
  return problems;
}
