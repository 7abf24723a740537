import { COLUMN_TYPES, type ColumnType } from '../../domain/dataset';
import { badInput } from '../../domain/errors';
import type { ColumnExpectation } from '../../domain/validation';
import type { ColumnExpectationInput } from './validation.types';

/** Turns GraphQL expectation inputs into a checked data contract, naming any field at fault. */
export function parseExpectations(inputs: ColumnExpectationInput[] | undefined, field = 'input.expectations'): ColumnExpectation[] {
  return (inputs ?? []).map((input, index) => {
    const at = `${field}[${index}]`;
    if (input.column.trim() === '') throw badInput(`${at}.column`, 'must name a column');
    if (input.type !== undefined && input.type !== null && !(COLUMN_TYPES as readonly string[]).includes(input.type)) {
      throw badInput(`${at}.type`, `must be one of ${COLUMN_TYPES.join(', ')}`);
    }
    if (input.min != null && input.max != null && input.min > input.max) throw badInput(`${at}.min`, 'must not exceed max');
    if (input.allowedValues?.some((value) => !['string', 'number', 'boolean'].includes(typeof value))) {
      throw badInput(`${at}.allowedValues`, 'must hold only strings, numbers and booleans');
    }
    const expectation: ColumnExpectation = { column: input.column };
    if (input.type != null) expectation.type = input.type as ColumnType;
    if (input.nullable != null) expectation.nullable = input.nullable;
    if (input.min != null) expectation.min = input.min;
    if (input.max != null) expectation.max = input.max;
    if (input.allowedValues != null) expectation.allowedValues = input.allowedValues as (string | number | boolean)[];
    if (input.unique != null) expectation.unique = input.unique;
    return expectation;
  });
}
