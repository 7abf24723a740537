import type { ColumnExpectation, ValidationCheck } from '../../domain/validation';
import { columnIndex, type Table, type TypedTable } from '../tabular/table';

/**
 * Checks a table against a declared data contract. Each expectation yields one check
 * per property it states, so a report shows what was promised and what was found.
 */
export function checkExpectations(table: TypedTable, expectations: ColumnExpectation[]): ValidationCheck[] {
  return expectations.flatMap((expectation) => {
    const index = columnIndex(table, expectation.column);
    if (index < 0) {
      return [fail('expectation.present', expectation.column, 'missing', 'present', `column ${JSON.stringify(expectation.column)} is not in the dataset`)];
    }
    const cells = table.columns[index];
    const schema = table.schema[index];
    const checks: ValidationCheck[] = [];
    if (expectation.type !== undefined) {
      checks.push(check('expectation.type', expectation.column, schema.type, expectation.type, schema.type === expectation.type, `is ${schema.type}, expected ${expectation.type}`));
    }
    if (expectation.nullable === false) {
      checks.push(check('expectation.not_null', expectation.column, schema.nullCount, 0, schema.nullCount === 0, `has ${schema.nullCount} missing values`));
    }
    const numbers = numericValues(table, index);
    if (expectation.min !== undefined) {
      const below = numbers.filter((value) => value < expectation.min!).length;
      checks.push(check('expectation.min', expectation.column, below, expectation.min, below === 0, `${below} values are below ${expectation.min}`));
    }
    if (expectation.max !== undefined) {
      const above = numbers.filter((value) => value > expectation.max!).length;
      checks.push(check('expectation.max', expectation.column, above, expectation.max, above === 0, `${above} values are above ${expectation.max}`));
    }
    if (expectation.allowedValues !== undefined) {
      const allowed = new Set(expectation.allowedValues.map(String));
      const outside = new Set(cells.filter((cell) => cell !== null && !allowed.has(String(cell))).map(String));
      const examples = [...outside].slice(0, 5).map((value) => JSON.stringify(value)).join(', ');
      checks.push(check('expectation.allowed_values', expectation.column, outside.size, expectation.allowedValues.length, outside.size === 0, `holds ${outside.size} values outside the allowed set (${examples})`));
    }
    if (expectation.unique) {
      const present = cells.filter((cell) => cell !== null);
      const duplicates = present.length - new Set(present).size;
      checks.push(check('expectation.unique', expectation.column, duplicates, 0, duplicates === 0, `has ${duplicates} repeated values`));
    }
    return checks;
  });
}

function numericValues(table: Table, index: number): number[] {
  return table.columns[index].filter((cell): cell is number => typeof cell === 'number');
}

function check(name: string, column: string, observed: number | string, threshold: number | string, passed: boolean, problem: string): ValidationCheck {
  return passed
    ? { name, column, observed, threshold, status: 'PASS', message: 'as expected' }
    : fail(name, column, observed, threshold, `column ${JSON.stringify(column)} ${problem}`);
}

function fail(name: string, column: string, observed: number | string, threshold: number | string, message: string): ValidationCheck {
  return { name, column, observed, threshold, status: 'FAIL', message };
}
