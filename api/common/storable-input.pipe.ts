import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badInput } from '../../domain/errors';

/** Far deeper than any input the API takes (a tuning space is three levels inside `input`). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Every named argument, before any resolver or route sees it: no string (or JSON key)
 * holds a NUL, which Postgres cannot store in text or jsonb, so a lookup or insert
 * would fail as an internal error; and nothing is nested deeper than MAX_INPUT_DEPTH,
 * so no recursive code (serialising jsonb, checking a JSON value) can be run out of stack.
 */
@Injectable()
export class StorableInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (typeof metadata.data === 'string') checkStorable(value, metadata.data);
    return value;
  }
}

export function checkStorable(value: unknown, field: string): void {
  // Iterative, so that the check itself cannot overflow the stack it protects.
  const pending = [{ value, field, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (next.value.includes('\0')) throw badInput(next.field, 'must not contain a NUL character');
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= MAX_INPUT_DEPTH) throw badInput(next.field, `is nested more than ${MAX_INPUT_DEPTH} levels deep`);
    const depth = next.depth + 1;
    if (Array.isArray(next.value)) {
      next.value.forEach((item, index) => pending.push({ value: item, field: `${next!.field}[${index}]`, depth }));
      continue;
    }
    for (const [key, item] of Object.entries(next.value)) {
      if (key.includes('\0')) throw badInput(next.field, 'must not have a key with a NUL character');
      pending.push({ value: item, field: `${next.field}.${key}`, depth });
    }
  }
}
