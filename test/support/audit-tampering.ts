import type { DataSource } from 'typeorm';

/**
 * Runs a statement against `audit_event` as someone allowed to disable its append-only
 * trigger (the table owner or a superuser) could: the tampering the hash chain must expose.
 */
export async function bypassAppendOnly(dataSource: DataSource, statement: string, parameters: unknown[] = []): Promise<void> {
  await dataSource.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
  try {
    await dataSource.query(statement, parameters);
  } finally {
    await dataSource.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
  }
}
