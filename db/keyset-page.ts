import type { SelectQueryBuilder } from 'typeorm';

/**
 * Where a row stands in newest-first order: its created_at as Postgres' text at microsecond
 * precision (a JavaScript Date would round it to milliseconds and skip or repeat rows
 * created within the same millisecond), then its id.
 */
export interface NewestFirstKey {
  createdAt: string;
  id: string;
}

export interface NewestFirstRows<T> {
  rows: T[];
  /** The key of each row, for the cursor that continues after it. */
  keys: NewestFirstKey[];
}

/** Up to `limit` rows of the query, newest first on (created_at, id), starting after `after`. */
export async function newestFirst<T extends { id: string }>(
  query: SelectQueryBuilder<T>,
  limit: number,
  after: NewestFirstKey | null,
): Promise<NewestFirstRows<T>> {
  const alias = query.alias;
  query
    .addSelect(`to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_time')
    .orderBy(`${alias}.created_at`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(limit);
  if (after) query.andWhere(`(${alias}.created_at, ${alias}.id) < (:createdAt::timestamptz, :id::uuid)`, { createdAt: after.createdAt, id: after.id });
  const { entities, raw } = await query.getRawAndEntities<{ cursor_time: string }>();
  return { rows: entities, keys: entities.map((row, index) => ({ createdAt: raw[index].cursor_time, id: row.id })) };
}
