import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import * as entities from './entities';

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: Object.values(entities),
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, application_name: 'provenant' },
  });
}

/** Connects and brings the schema up to date; safe to call from every process. */
export async function connectAndMigrate(databaseUrl: string): Promise<DataSource> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  await dataSource.runMigrations();
  return dataSource;
}
