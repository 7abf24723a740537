import { Field, ObjectType } from '@nestjs/graphql';
import type { NewestFirstKey, NewestFirstRows } from '../../db/keyset-page';
import { badInput } from '../../domain/errors';
import { isUuid } from '../../domain/ids';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

export const MAX_PAGE_SIZE = 500;

export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Cursors are opaque to clients: base64url of the sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeCursor(key) !== cursor) throw badInput(field, 'is not a cursor this API returned');
  return key;
}

export interface KeysetPage<T> {
  rows: T[];
  cursors: string[];
  hasNextPage: boolean;
}

/**
 * A newest-first page of `first` rows after the cursor `after`: `fetch` reads up to
 * `limit` rows from a store (db/keyset-page.ts); one more than asked tells whether
 * another page follows.
 */
export async function newestFirstPage<T>(
  first: number,
  after: string | null | undefined,
  fetch: (limit: number, after: NewestFirstKey | null) => Promise<NewestFirstRows<T>>,
): Promise<KeysetPage<T>> {
  const limit = checkPageSize(first) + 1;
  let key: NewestFirstKey | null = null;
  if (after) {
    const [createdAt, id] = decodeCursor(after).split('|');
    if (!id || !isUuid(id) || Number.isNaN(Date.parse(createdAt))) throw badInput('after', 'is not a cursor this API returned');
    key = { createdAt, id };
  }
  const { rows, keys } = await fetch(limit, key);
  const page = rows.slice(0, first);
  return {
    rows: page,
    cursors: page.map((_, index) => encodeCursor(`${keys[index].createdAt}|${keys[index].id}`)),
    hasNextPage: rows.length > first,
  };
}
