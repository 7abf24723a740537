import { Client, Connection } from '@temporalio/client';
import { createDataSource } from '../db/data-source';
import { handleHelp } from '../platform/cli/help';
import { runMain } from '../platform/cli/run-main';
import { loadConfig, requireServices } from '../platform/config';
import { logger } from '../platform/logger';
import { artifactStoreFor } from '../storage/local-store';
import { createApi } from './create-api';

handleHelp(`
Usage: npm run api [-- --help]

Serves the Provenant GraphQL API at http://HOST:PORT/graphql and GET /health.
Needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both for the embedded stack);
see the configuration table in README.md for every variable.
`);

runMain(async () => {
  const config = loadConfig();
  const { databaseUrl, temporalAddress } = requireServices(config);
  const dataSource = await createDataSource(databaseUrl).initialize();
  if (await dataSource.showMigrations()) {
    throw new Error('the database schema is behind this version: run `npm run migrate` first');
  }
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });
  const app = await createApi({ config, dataSource, temporal, store: artifactStoreFor(config) });
  await app.listen(config.port, config.host);
  logger.info({ url: `http://${config.host}:${config.port}/graphql` }, 'api listening');
});
