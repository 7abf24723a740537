import { Field, ObjectType } from '@nestjs/graphql';
import type { SelectQueryBuilder } from 'typeorm';
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
 * Newest-first keyset pagination on (created_at, id). The cursor carries created_at at
 * Postgres' microsecond precision: a JavaScript Date would round it to milliseconds and
 * skip or repeat rows created within the same millisecond.
 */
export async function newestFirstPage<T extends { id: string }>(
  query: SelectQueryBuilder<T>,
  first: number,
  after: string | null | undefined,
): Promise<KeysetPage<T>> {
  const alias = query.alias;
  query
    .addSelect(`to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_time')
    .orderBy(`${alias}.created_at`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(checkPageSize(first) + 1);
  if (after) {
    const [createdAt, id] = decodeCursor(after).split('|');
    if (!id || !isUuid(id) || Number.isNaN(Date.parse(createdAt))) throw badInput('after', 'is not a cursor this API returned');
    query.andWhere(`(${alias}.created_at, ${alias}.id) < (:createdAt::timestamptz, :id::uuid)`, { createdAt, id });
  }
  const { entities, raw } = await query.getRawAndEntities<{ cursor_time: string }>();
  const rows = entities.slice(0, first);
  return {
    rows,
    cursors: rows.map((row, index) => encodeCursor(`${raw[index].cursor_time}|${row.id}`)),
    hasNextPage: entities.length > first,
  };
}
