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

/**
 * Runs `work` in one read-only REPEATABLE READ transaction: every query in it sees the same
 * rows, so counts agree with each other and with a cursor read after them, and a cursor
 * lives as long as the transaction does.
 */
export function inReadSnapshot<T>(dataSource: DataSource, work: (snapshot: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction('REPEATABLE READ', async (snapshot) => {
    await snapshot.query('SET TRANSACTION READ ONLY');
    return work(snapshot);
  });
}

/** Resolves once Postgres answers a query: what readiness probes ask. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.query('SELECT 1');
}

/**
 * The database's clock at the start of the transaction, as Postgres writes it (to the
 * microsecond): one clock for every process, where each machine's own may drift.
 */
export async function databaseTime(db: Db): Promise<string> {
  const [{ now }]: { now: string }[] = await db.query('SELECT now()::text AS now');
  return now;
}
