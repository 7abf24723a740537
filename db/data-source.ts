import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { APP_ROLE } from './app-role';
import { AuditSealingSubscriber } from './audit-sealer';
import * as entities from './entities';

/** `role`: the role every session of the pool switches to as it starts (SET ROLE), so its privileges, not the login's, apply. */
export function createDataSource(databaseUrl: string, role?: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: Object.values(entities),
    // Seals a transaction's audit events into the chain as soon as it commits.
    subscribers: [AuditSealingSubscriber],
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, application_name: 'provenant', ...(role ? { options: `-c role=${role}` } : {}) },
  });
}

/**
 * The connection the API, workers and serving use: `appDatabaseUrl`'s login when given
 * (PROVENANT_APP_DATABASE_URL: provenant_app itself or a login granted it), otherwise the
 * owner's login (DATABASE_URL); either way every session switches to provenant_app, so the
 * application cannot change or delete an audit event, nor disable the trigger that forbids it.
 */
export function createAppDataSource(databaseUrl: string, appDatabaseUrl: string | undefined): DataSource {
  return createDataSource(appDatabaseUrl ?? databaseUrl, APP_ROLE);
}

/** Connects as the owner and brings the schema up to date; safe to call from every process. */
export async function connectAndMigrate(databaseUrl: string): Promise<DataSource> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  await dataSource.runMigrations();
  return dataSource;
}
