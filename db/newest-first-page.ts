import type { SelectQueryBuilder } from 'typeorm';

/**
 * Where a row stands in a newest-first listing: its created_at at Postgres' microsecond
 * precision (a JavaScript Date would round it to milliseconds and skip or repeat rows
 * created within the same millisecond), then its id.
 */
export interface PagePosition {
  createdAt: string;
  id: string;
}

export interface NewestFirstPage<T> {
  rows: T[];
  /** Each row's position, to continue after it. */
  positions: PagePosition[];
  hasNextPage: boolean;
}

/** Keyset pagination on (created_at, id), newest first: `first` rows after `after`. */
export async function newestFirstPage<T extends { id: string }>(query: SelectQueryBuilder<T>, first: number, after: PagePosition | null): Promise<NewestFirstPage<T>> {
  const alias = query.alias;
  query
    .addSelect(`to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_time')
    .orderBy(`${alias}.created_at`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(first + 1);
  if (after) query.andWhere(`(${alias}.created_at, ${alias}.id) < (:createdAt::timestamptz, :id::uuid)`, { createdAt: after.createdAt, id: after.id });
  const { entities, raw } = await query.getRawAndEntities<{ cursor_time: string }>();
  const rows = entities.slice(0, first);
  return {
    rows,
    positions: rows.map((row, index) => ({ createdAt: raw[index].cursor_time, id: row.id })),
    hasNextPage: entities.length > first,
  };
}
