import type { DataSource, EntityManager } from 'typeorm';

/**
 * A connection or an open transaction. Every store function takes one, so a caller can
 * make the writes of several stores commit or roll back together.
 */
export type Db = DataSource | EntityManager;

/** Runs `work` in one Postgres transaction; store calls made with `tx` commit together. */
export function inTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}

/**
 * A row another row refers to, such as the model of a version: its absence breaks an
 * invariant of the database, it is not something a caller asked for and got wrong.
 */
export function mustExist<T>(row: T | null, what: string): T {
  if (row === null) throw new Error(`${what} does not exist`);
  return row;
}
