import { connectAndMigrate } from '../../db/data-source';
import { loadConfig } from '../config';
import { logger } from '../logger';
import { DEFAULT_PORTS, ensurePostgres } from '../local-stack';
import { handleHelp } from './help';
import { runMain } from './run-main';

handleHelp(`
Usage: npm run migrate [-- --help]

Applies pending TypeORM migrations to DATABASE_URL, or to the embedded Postgres
under PROVENANT_DATA_DIR when DATABASE_URL is unset.
`);

runMain(async () => {
  const postgres = await ensurePostgres(loadConfig(), DEFAULT_PORTS.postgres, logger);
  try {
    const dataSource = await connectAndMigrate(postgres.value);
    const applied: { name: string }[] = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    logger.info({ migrations: applied.map((row) => row.name) }, 'schema up to date');
    await dataSource.destroy();
  } finally {
    await postgres.stop();
  }
});
