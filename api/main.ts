import { Client, Connection } from '@temporalio/client';
import { createAppDataSource } from '../db/data-source';
import { handleHelp } from '../platform/cli/help';
import { runMain } from '../platform/cli/run-main';
import { auditVerifyKey } from '../domain/audit-checkpoint';
import { decisionVerifyKey } from '../domain/decision-attestation';
import { ConfigError, loadConfig, requireServices } from '../platform/config';
import { logger } from '../platform/logger';
import { ensureSearchAttributes } from '../platform/search-attributes';
import { startTracing, workflowClientInterceptors } from '../platform/tracing';
import { provenantApiIdentity } from '../platform/temporal-identity';
import { artifactStoreFor } from '../storage/configured-store';
import { createApi } from './create-api';

handleHelp(`
Usage: npm run api [-- --help]

Serves the Provenant GraphQL API at http://HOST:PORT/graphql, with GET /health/live,
/health/ready (and /health, the same as ready), GET /metrics (Prometheus) and the
web UI at http://HOST:PORT/ui.
With OTEL_EXPORTER_OTLP_ENDPOINT set, workflow starts, signals and updates are traced.
Needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both for the embedded stack);
see the table in docs/configuration.md for every variable.
`);

runMain(async () => {
  const config = loadConfig();
  const { databaseUrl, temporalAddress } = requireServices(config);
  if (!config.decisionSigningKey) {
    throw new ConfigError('PROVENANT_DECISION_SIGNING_KEY', 'must be set (64 hex digits, e.g. `openssl rand -hex 32`): the API signs every approval decision it forwards');
  }
  const dataSource = await createAppDataSource(databaseUrl, config.appDatabaseUrl).initialize();
  if (await dataSource.showMigrations()) {
    throw new Error('the database schema is behind this version: run `npm run migrate` first');
  }
  const tracing = startTracing(config, 'provenant-api');
  const connection = await Connection.connect({ address: temporalAddress });
  await ensureSearchAttributes(connection, config.temporalNamespace, logger);
  const temporal = new Client({
    connection,
    // Distinctive, so reconciling Temporal histories tells the API's own operations from outside ones.
    identity: provenantApiIdentity(),
    namespace: config.temporalNamespace,
    interceptors: { workflow: workflowClientInterceptors(tracing) },
  });
  const app = await createApi({ config, dataSource, temporal, store: artifactStoreFor(config) });
  await app.listen(config.port, config.host);
  logger.info({ url: `http://${config.host}:${config.port}/graphql` }, 'api listening');
  // Workers (Provenant's and users' own) need this to accept the decisions this API signs.
  logger.info({ decisionVerifyKey: decisionVerifyKey(config.decisionSigningKey) }, 'approval decisions are signed; give workers this key (PROVENANT_DECISION_VERIFY_KEYS)');
  if (config.auditSigningKey) {
    logger.info({ auditVerifyKey: auditVerifyKey(config.auditSigningKey), checkpoints: config.auditCheckpointDir }, 'audit checkpoints are signed; verify offline exports with this key');
  } else {
    logger.warn('PROVENANT_AUDIT_SIGNING_KEY is unset: no audit checkpoints, so a rewrite of the audit log whose hashes were recomputed goes unnoticed');
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Closing runs the modules' shutdown hooks; the batched spans go out before the exit.
    await app.close();
    await tracing?.shutdown();
    await connection.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
});
