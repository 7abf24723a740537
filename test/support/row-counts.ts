import type { DataSource } from 'typeorm';
import { auditLogSealed } from '../../db/audit-log';

/**
 * The number of rows in every table of the database, by table name. Two equal snapshots
 * mean a request wrote nothing, whichever table it might have touched, including tables
 * added after the test was written. Committed audit events are sealed first, so an event
 * that moved from the intake into the chain meanwhile does not count as a write.
 */
export async function rowCounts(dataSource: DataSource): Promise<Record<string, number>> {
  await auditLogSealed(dataSource);
  const tables: { name: string }[] = await dataSource.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
  );
  const columns = tables.map(({ name }) => `(SELECT count(*)::int FROM "${name}") AS "${name}"`);
  const [counts] = await dataSource.query(`SELECT ${columns.join(', ')}`);
  return counts;
}
